/** Parametric ReLU: the negative slope is learned, one value or one per channel (dim 1). */
import { defineActivation } from './define.js';

export const prelu = defineActivation({
  id: 'prelu',
  name: 'PReLU',
  torchName: 'PReLU',
  torchFunction: 'torch.nn.functional.prelu',
  summary: 'Leaky ReLU whose slope `weight` is a learned parameter (nn.PReLU({ numParameters, init })).',
  params: {
    weight: {
      default: 0.25,
      learnable: 'always',
      doc: 'negative slope; a tensor of 1 or C values (C = size of dim 1)',
    },
  },
  f: (x, p) => (x > 0 ? x : p.weight * x),
  df: (x, p) => (x > 0 ? 1 : p.weight),
  dparam: (x) => (x > 0 ? 0 : x),
  kinks: (p) => [
    {
      x: 0,
      grad: p.weight,
      why: 'torch tests x > 0, so the slope applies at 0 (and the weight gradient there is 0·gy)',
    },
  ],
  formula: '\\begin{cases} x & x > 0 \\\\ a\\,x & x \\le 0 \\end{cases},\\ a\\ \\text{learned}',
  derivative:
    '\\frac{\\partial f}{\\partial x} = \\begin{cases} 1 & x > 0 \\\\ a & x \\le 0 \\end{cases},\\quad \\frac{\\partial f}{\\partial a} = \\min(x, 0)',
  properties: {
    range: [-Infinity, Infinity],
    boundedAbove: false,
    boundedBelow: false,
    monotonic: 'increasing',
    derivativeMonotonic: true,
    smoothness: 'C0',
    zeroCentred: false,
    identityNearZero: false,
    saturatesLeft: false,
    saturatesRight: false,
    selfGated: false,
    cost: 'elementary',
  },
  references: [
    {
      title: 'Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet Classification',
      authors: 'He, Zhang, Ren, Sun',
      year: 2015,
    },
  ],
  onnx: () => ({ op: 'PRelu', opset: 9 }),
});
