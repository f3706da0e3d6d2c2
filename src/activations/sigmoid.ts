/** Logistic sigmoid: the classic squashing unit, and the gate inside GLU, SiLU and friends. */
import { defineActivation } from './define.js';
import { sigmoid as logistic, sigmoidGrad } from './scalar.js';

export const sigmoid = defineActivation({
  id: 'sigmoid',
  name: 'Sigmoid',
  torchName: 'Sigmoid',
  torchFunction: 'torch.sigmoid',
  aliases: ['logistic'],
  summary: 'Squashes to (0, 1); saturates on both sides, so deep stacks of it lose their gradient.',
  f: (x) => logistic(x),
  df: (x) => sigmoidGrad(x),
  // Speed only: 1.7× the loops derived from f/df in float64 (bench/js-kernels.ts); trained by default (compare).
  kernel: {
    forward(x, y) {
      for (let i = 0; i < x.length; i++) y[i] = logistic(x[i]!);
    },
    // σ′ from x, not y(1 − y): that product cancels as y → 1 and float32 y is already rounded.
    backward(x, _y, gy, gx) {
      for (let i = 0; i < x.length; i++) gx[i] = gy[i]! * sigmoidGrad(x[i]!);
    },
  },
  formula: '\\sigma(x) = \\frac{1}{1 + e^{-x}}',
  derivative: "\\sigma'(x) = \\sigma(x)\\,\\bigl(1 - \\sigma(x)\\bigr)",
  properties: {
    range: [0, 1],
    boundedAbove: true,
    boundedBelow: true,
    monotonic: 'increasing',
    derivativeMonotonic: false,
    smoothness: 'Cinf',
    zeroCentred: false,
    identityNearZero: false,
    saturatesLeft: true,
    saturatesRight: true,
    selfGated: false,
    cost: 'transcendental',
  },
  references: [
    {
      title: 'Learning representations by back-propagating errors',
      authors: 'Rumelhart, Hinton, Williams',
      year: 1986,
    },
  ],
  onnx: () => ({ op: 'Sigmoid', opset: 6 }),
});
