/** Exponential linear unit: smooth negative saturation at −alpha pushes mean activations toward 0. */
import { defineActivation } from './define.js';

export const elu = defineActivation({
  id: 'elu',
  name: 'ELU',
  torchName: 'ELU',
  torchFunction: 'torch.nn.functional.elu',
  summary: 'Identity for x > 0, alpha·(eˣ − 1) below: negative outputs, saturating at −alpha.',
  params: {
    alpha: { default: 1, doc: 'negative saturation value' },
  },
  // expm1: torch's exp(x) − 1 cancels for small |x| (and returns 0 below 1e-16).
  f: (x, p) => (x <= 0 ? p.alpha * Math.expm1(x) : x),
  df: (x, p) => (x <= 0 ? p.alpha * Math.exp(x) : 1),
  kinks: (p) => [{ x: 0, grad: p.alpha, why: 'elu_backward takes the x <= 0 branch at 0: alpha·e⁰' }],
  formula: '\\begin{cases} x & x > 0 \\\\ \\alpha\\,(e^{x} - 1) & x \\le 0 \\end{cases}',
  derivative: '\\begin{cases} 1 & x > 0 \\\\ \\alpha\\,e^{x} & x \\le 0 \\end{cases}',
  properties: {
    range: [-1, Infinity],
    boundedAbove: false,
    boundedBelow: true,
    monotonic: 'increasing',
    derivativeMonotonic: true,
    smoothness: 'C1',
    zeroCentred: false,
    identityNearZero: true,
    saturatesLeft: true,
    saturatesRight: false,
    selfGated: false,
    cost: 'transcendental',
  },
  references: [
    {
      title: 'Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs)',
      authors: 'Clevert, Unterthiner, Hochreiter',
      year: 2015,
    },
  ],
  onnx: (p) => ({ op: 'Elu', opset: 6, attributes: { alpha: p.alpha } }),
});
