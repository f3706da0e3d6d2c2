/** Threshold: x above `threshold`, the constant `value` at or below it. */
import { defineActivation } from './define.js';

export const threshold = defineActivation({
  id: 'threshold',
  name: 'Threshold',
  torchName: 'Threshold',
  torchFunction: 'torch.nn.functional.threshold',
  summary: 'y = x if x > threshold else value; with the defaults (0, 0) it is ReLU.',
  params: {
    threshold: { default: 0, allowInfinity: true, doc: 'the cut-off' },
    value: { default: 0, allowInfinity: true, doc: 'replacement at or below the cut-off' },
  },
  f: (x, p) => (x <= p.threshold ? p.value : x),
  df: (x, p) => (x <= p.threshold ? 0 : 1),
  kinks: (p) => [{ x: p.threshold, grad: 0, value: p.value, why: 'threshold_backward zeroes x <= threshold' }],
  formula: '\\begin{cases} x & x > \\theta \\\\ v & x \\le \\theta \\end{cases}',
  derivative: '\\mathbb{1}[x > \\theta]',
  properties: {
    range: [0, Infinity],
    boundedAbove: false,
    boundedBelow: true,
    monotonic: 'increasing',
    derivativeMonotonic: true,
    smoothness: 'C0',
    zeroCentred: false,
    identityNearZero: false,
    saturatesLeft: true,
    saturatesRight: false,
    selfGated: false,
    cost: 'elementary',
  },
  references: [
    {
      title: 'torch.nn.Threshold',
      authors: 'PyTorch contributors',
      year: 2017,
      url: 'https://pytorch.org/docs/stable/generated/torch.nn.Threshold.html',
    },
  ],
  onnx: (p) =>
    p.value === 0
      ? { op: 'ThresholdedRelu', opset: 10, attributes: { alpha: p.threshold } }
      : { decomposition: 'Where(Greater(x, threshold), x, value)', ops: ['Greater', 'Where'], opset: 9 },
});
