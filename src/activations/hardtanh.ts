/** Hard tanh: the identity clipped to [minVal, maxVal]. */
import { defineActivation } from './define.js';

export const hardtanh = defineActivation({
  id: 'hardtanh',
  name: 'Hardtanh',
  torchName: 'Hardtanh',
  torchFunction: 'torch.nn.functional.hardtanh',
  summary: 'clamp(x, minVal, maxVal): a piecewise-linear tanh.',
  params: {
    minVal: { default: -1, allowInfinity: true, doc: 'lower bound' },
    maxVal: { default: 1, allowInfinity: true, doc: 'upper bound' },
  },
  check: (p) => (p.minVal > p.maxVal ? `minVal (${p.minVal}) must be ≤ maxVal (${p.maxVal})` : null),
  f: (x, p) => (x < p.minVal ? p.minVal : x > p.maxVal ? p.maxVal : x),
  df: (x, p) => (x <= p.minVal || x >= p.maxVal ? 0 : 1),
  kinks: (p) => [
    { x: p.minVal, grad: 0, why: 'hardtanh_backward zeroes x <= min_val' },
    { x: p.maxVal, grad: 0, why: 'hardtanh_backward zeroes x >= max_val' },
  ],
  formula: '\\min(\\max(x, a), b)',
  derivative: '\\mathbb{1}[a < x < b]',
  properties: {
    range: [-1, 1],
    boundedAbove: true,
    boundedBelow: true,
    monotonic: 'increasing',
    derivativeMonotonic: false,
    smoothness: 'C0',
    zeroCentred: true,
    identityNearZero: true,
    saturatesLeft: true,
    saturatesRight: true,
    selfGated: false,
    cost: 'elementary',
  },
  references: [{ title: 'Large Scale Machine Learning (PhD thesis)', authors: 'Collobert', year: 2004 }],
  onnx: (p) => ({ op: 'Clip', opset: 11, attributes: { min: p.minVal, max: p.maxVal } }),
});
