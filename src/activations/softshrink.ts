/** Soft shrinkage: shifts x toward 0 by lambd and zeroes the dead zone (the proximal map of λ|x|). */
import { defineActivation } from './define.js';

export const softshrink = defineActivation({
  id: 'softshrink',
  name: 'Softshrink',
  torchName: 'Softshrink',
  torchFunction: 'torch.nn.functional.softshrink',
  summary: 'x − sign(x)·lambd outside [−lambd, lambd], zero inside: soft thresholding (ISTA, LASSO).',
  params: {
    lambd: { default: 0.5, min: 0, doc: 'shrinkage amount' },
  },
  // torch returns 0 for NaN (both comparisons are false); actlab propagates it (x !== x).
  f: (x, p) => (x > p.lambd ? x - p.lambd : x < -p.lambd ? x + p.lambd : x !== x ? x : 0),
  df: (x, p) => (x >= -p.lambd && x <= p.lambd ? 0 : 1),
  kinks: (p) => [
    { x: -p.lambd, grad: 0, why: 'shrink_backward zeroes the closed interval [−lambd, lambd]' },
    { x: p.lambd, grad: 0, why: 'shrink_backward zeroes the closed interval [−lambd, lambd]' },
  ],
  formula:
    '\\begin{cases} x - \\lambda & x > \\lambda \\\\ x + \\lambda & x < -\\lambda \\\\ 0 & \\text{otherwise} \\end{cases}',
  derivative: '\\mathbb{1}[|x| > \\lambda]',
  properties: {
    range: [-Infinity, Infinity],
    boundedAbove: false,
    boundedBelow: false,
    monotonic: 'increasing',
    derivativeMonotonic: false,
    smoothness: 'C0',
    zeroCentred: true,
    identityNearZero: false,
    saturatesLeft: false,
    saturatesRight: false,
    selfGated: false,
    cost: 'elementary',
  },
  knownDifferences: [
    {
      note: 'torch maps NaN to 0 (its two comparisons are false); actlab propagates NaN, as every other activation does',
      at: (x) => Number.isNaN(x),
      affects: 'value',
    },
  ],
  references: [{ title: 'De-noising by soft-thresholding', authors: 'Donoho', year: 1995 }],
  onnx: (p) => ({ op: 'Shrink', opset: 9, attributes: { lambd: p.lambd, bias: p.lambd } }),
});
