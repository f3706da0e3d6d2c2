/** Leaky ReLU: a small fixed slope for negatives, so no unit is ever completely dead. */
import { defineActivation } from './define.js';

export const leakyRelu = defineActivation({
  id: 'leaky_relu',
  name: 'Leaky ReLU',
  torchName: 'LeakyReLU',
  torchFunction: 'torch.nn.functional.leaky_relu',
  aliases: ['lrelu'],
  summary: 'ReLU with slope negativeSlope below 0: a gradient everywhere.',
  params: {
    negativeSlope: { default: 0.01, doc: 'slope for x ≤ 0' },
  },
  f: (x, p) => (x > 0 ? x : x * p.negativeSlope),
  df: (x, p) => (x > 0 ? 1 : p.negativeSlope),
  // Speed only: 2.0× the loops derived from f/df in float64 (bench/js-kernels.ts); trained by default (compare, dead).
  kernel: {
    forward(x, y, { negativeSlope: slope }) {
      for (let i = 0; i < x.length; i++) y[i] = x[i]! > 0 ? x[i]! : x[i]! * slope;
    },
    backward(x, _y, gy, gx, { negativeSlope: slope }) {
      for (let i = 0; i < x.length; i++) gx[i] = x[i]! > 0 ? gy[i]! : gy[i]! * slope;
    },
  },
  kinks: (p) => [{ x: 0, grad: p.negativeSlope, why: 'leaky_relu_backward tests x > 0, so the slope applies at 0' }],
  formula: '\\begin{cases} x & x > 0 \\\\ a\\,x & x \\le 0 \\end{cases}',
  derivative: '\\begin{cases} 1 & x > 0 \\\\ a & x \\le 0 \\end{cases}',
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
      title: 'Rectifier Nonlinearities Improve Neural Network Acoustic Models',
      authors: 'Maas, Hannun, Ng',
      year: 2013,
    },
  ],
  onnx: (p) => ({ op: 'LeakyRelu', opset: 6, attributes: { alpha: p.negativeSlope } }),
});
