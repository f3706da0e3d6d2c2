/**
 * Heaviside step: the "naive activation" of the perceptron. Its derivative is 0 almost everywhere
 * (and undefined at 0), so gradient descent gets no signal through it: actlab returns 0
 * everywhere, including at 0, rather than failing as torch.heaviside's backward does.
 */
import { defineActivation } from './define.js';

export const heaviside = defineActivation({
  id: 'heaviside',
  name: 'Heaviside',
  torchName: 'Heaviside',
  torchFunction: 'torch.heaviside',
  aliases: ['step', 'binary_step'],
  summary: '1 for x > 0, 0 for x < 0, `value` at 0; its gradient is 0 everywhere — nothing to learn from.',
  params: {
    value: { default: 0.5, doc: 'f(0)' },
  },
  // torch.heaviside(NaN) is 0 (x > 0 is false); actlab propagates NaN.
  f: (x, p) => (x > 0 ? 1 : x < 0 ? 0 : x === 0 ? p.value : x),
  df: () => 0,
  kinks: (p) => [
    { x: 0, grad: 0, value: p.value, why: 'a jump: no derivative exists; the gradient is 0 by convention' },
  ],
  formula: '\\begin{cases} 1 & x > 0 \\\\ v & x = 0 \\\\ 0 & x < 0 \\end{cases}',
  derivative: '0\\ \\ (x \\ne 0;\\ \\text{undefined at } 0,\\ \\text{taken as } 0)',
  properties: {
    range: [0, 1],
    boundedAbove: true,
    boundedBelow: true,
    monotonic: 'increasing',
    derivativeMonotonic: true,
    smoothness: 'discontinuous',
    zeroCentred: false,
    identityNearZero: false,
    saturatesLeft: true,
    saturatesRight: true,
    selfGated: false,
    cost: 'elementary',
  },
  knownDifferences: [
    { note: 'torch.heaviside has no backward (it raises); actlab returns a zero gradient', affects: 'gradient' },
    { note: 'torch.heaviside(NaN) is 0; actlab propagates NaN', at: (x) => Number.isNaN(x), affects: 'value' },
  ],
  references: [
    { title: 'A logical calculus of the ideas immanent in nervous activity', authors: 'McCulloch, Pitts', year: 1943 },
    {
      title: 'The perceptron: a probabilistic model for information storage and organization in the brain',
      authors: 'Rosenblatt',
      year: 1958,
    },
  ],
  onnx: () => ({
    decomposition: 'Where(Greater(x, 0), 1, Where(Equal(x, 0), value, 0))',
    ops: ['Greater', 'Equal', 'Where'],
    opset: 11,
  }),
});
