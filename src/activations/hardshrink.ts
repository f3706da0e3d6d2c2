/** Hard shrinkage: zero inside [−lambd, lambd], identity outside (a jump at ±lambd). */
import { defineActivation } from './define.js';

export const hardshrink = defineActivation({
  id: 'hardshrink',
  name: 'Hardshrink',
  torchName: 'Hardshrink',
  torchFunction: 'torch.nn.functional.hardshrink',
  summary: 'Keeps x where |x| > lambd, zero elsewhere: hard thresholding (sparse codes, wavelet denoising).',
  params: {
    lambd: { default: 0.5, min: 0, doc: 'half-width of the dead zone' },
  },
  f: (x, p) => (x >= -p.lambd && x <= p.lambd ? 0 : x),
  df: (x, p) => (x >= -p.lambd && x <= p.lambd ? 0 : 1),
  // The closed interval belongs to the dead zone, in value and gradient.
  kinks: (p) => [
    { x: -p.lambd, grad: 0, value: 0, why: 'the dead zone is closed: f(±lambd) = 0, gradient 0' },
    { x: p.lambd, grad: 0, value: 0, why: 'the dead zone is closed: f(±lambd) = 0, gradient 0' },
  ],
  formula: '\\begin{cases} x & |x| > \\lambda \\\\ 0 & |x| \\le \\lambda \\end{cases}',
  derivative: '\\mathbb{1}[|x| > \\lambda]',
  properties: {
    range: [-Infinity, Infinity],
    boundedAbove: false,
    boundedBelow: false,
    monotonic: 'increasing',
    derivativeMonotonic: false,
    smoothness: 'discontinuous',
    zeroCentred: true,
    identityNearZero: false,
    saturatesLeft: false,
    saturatesRight: false,
    selfGated: false,
    cost: 'elementary',
  },
  references: [{ title: 'Ideal spatial adaptation by wavelet shrinkage', authors: 'Donoho, Johnstone', year: 1994 }],
  onnx: (p) => ({ op: 'Shrink', opset: 9, attributes: { lambd: p.lambd, bias: 0 } }),
});
