/** Hard sigmoid: relu6(x + 3)/6, a piecewise-linear sigmoid (MobileNetV3). */
import { defineActivation } from './define.js';

export const hardsigmoid = defineActivation({
  id: 'hardsigmoid',
  name: 'Hardsigmoid',
  torchName: 'Hardsigmoid',
  torchFunction: 'torch.nn.functional.hardsigmoid',
  summary: '0 below −3, 1 above 3, linear in between: a sigmoid without exp.',
  // (x + 3)/6 as torch writes it; NaN stays NaN through the comparisons.
  f: (x) => (x <= -3 ? 0 : x >= 3 ? 1 : (x + 3) / 6),
  df: (x) => (x > -3 && x < 3 ? 1 / 6 : 0),
  kinks: () => [
    { x: -3, grad: 0, why: 'hardsigmoid_backward passes the gradient only for −3 < x < 3' },
    { x: 3, grad: 0, why: 'hardsigmoid_backward passes the gradient only for −3 < x < 3' },
  ],
  formula: '\\frac{\\operatorname{ReLU6}(x + 3)}{6}',
  derivative: '\\tfrac{1}{6}\\,\\mathbb{1}[-3 < x < 3]',
  properties: {
    range: [0, 1],
    boundedAbove: true,
    boundedBelow: true,
    monotonic: 'increasing',
    derivativeMonotonic: false,
    smoothness: 'C0',
    zeroCentred: false,
    identityNearZero: false,
    saturatesLeft: true,
    saturatesRight: true,
    selfGated: false,
    cost: 'elementary',
  },
  knownDifferences: [
    {
      note: "torch's CPU backward multiplies by the float32 constant 1.0f/6.0f in float64 too (0.1666666716…); actlab uses 1/6",
      at: (x) => x > -3 && x < 3,
      affects: 'gradient',
      rel: 3e-8,
    },
  ],
  references: [{ title: 'Searching for MobileNetV3', authors: 'Howard et al.', year: 2019 }],
  onnx: () => ({ op: 'HardSigmoid', opset: 6, attributes: { alpha: 1 / 6, beta: 0.5 } }),
});
