/** Continuously differentiable ELU: the exponent is scaled by 1/alpha so f′ is continuous for every alpha. */
import { defineActivation } from './define.js';

export const celu = defineActivation({
  id: 'celu',
  name: 'CELU',
  torchName: 'CELU',
  torchFunction: 'torch.nn.functional.celu',
  summary: 'alpha·(e^{x/alpha} − 1) below 0: an ELU that stays C¹ whatever alpha is.',
  params: {
    alpha: { default: 1, doc: 'negative saturation value (≠ 0)' },
  },
  check: (p) => (p.alpha === 0 ? 'alpha cannot be 0 (it divides x)' : null),
  f: (x, p) => (x <= 0 ? p.alpha * Math.expm1(x / p.alpha) : x),
  df: (x, p) => (x <= 0 ? Math.exp(x / p.alpha) : 1),
  kinks: () => [{ x: 0, grad: 1, why: 'both one-sided derivatives are 1; torch takes the x <= 0 branch, e⁰ = 1' }],
  formula: '\\begin{cases} x & x > 0 \\\\ \\alpha\\,(e^{x/\\alpha} - 1) & x \\le 0 \\end{cases}',
  derivative: '\\begin{cases} 1 & x > 0 \\\\ e^{x/\\alpha} & x \\le 0 \\end{cases}',
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
  references: [{ title: 'Continuously Differentiable Exponential Linear Units', authors: 'Barron', year: 2017 }],
  onnx: (p) => ({ op: 'Celu', opset: 12, attributes: { alpha: p.alpha } }),
});
