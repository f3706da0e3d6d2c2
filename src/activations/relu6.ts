/** ReLU6: ReLU capped at 6 (hardtanh(x, 0, 6)), robust under low-precision arithmetic. */
import { defineActivation } from './define.js';

export const relu6 = defineActivation({
  id: 'relu6',
  name: 'ReLU6',
  torchName: 'ReLU6',
  torchFunction: 'torch.nn.functional.relu6',
  summary: 'min(max(0, x), 6): ReLU with a ceiling, as in MobileNets.',
  f: (x) => (x < 0 ? 0 : x > 6 ? 6 : x),
  df: (x) => (x <= 0 || x >= 6 ? 0 : 1),
  kinks: () => [
    { x: 0, grad: 0, why: 'hardtanh_backward zeroes x <= min_val' },
    { x: 6, grad: 0, why: 'hardtanh_backward zeroes x >= max_val' },
  ],
  formula: '\\min(\\max(0, x), 6)',
  derivative: '\\mathbb{1}[0 < x < 6]',
  properties: {
    range: [0, 6],
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
  references: [{ title: 'Convolutional Deep Belief Networks on CIFAR-10', authors: 'Krizhevsky', year: 2010 }],
  onnx: () => ({ op: 'Clip', opset: 11, attributes: { min: 0, max: 6 } }),
});
