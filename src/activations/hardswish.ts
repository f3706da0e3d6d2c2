/** Hard swish: x·relu6(x + 3)/6, a piecewise-polynomial SiLU (MobileNetV3). */
import { defineActivation } from './define.js';

export const hardswish = defineActivation({
  id: 'hardswish',
  name: 'Hardswish',
  torchName: 'Hardswish',
  torchFunction: 'torch.nn.functional.hardswish',
  summary: 'x·hardsigmoid(x): SiLU without exp; 0 below −3, x above 3.',
  // torch's order of operations; x = −∞ gives −∞·0 = NaN there too.
  f: (x) => (x * Math.min(Math.max(x + 3, 0), 6)) / 6,
  df: (x) => (x < -3 ? 0 : x < 3 ? x / 3 + 0.5 : 1),
  kinks: () => [
    { x: -3, grad: -0.5, why: 'hardswish_backward uses the middle piece x/3 + ½ at −3 (left piece only below)' },
    { x: 3, grad: 1, why: "torch's vectorized hardswish_backward takes x >= 3 as the identity piece" },
  ],
  formula: 'x\\,\\frac{\\operatorname{ReLU6}(x + 3)}{6}',
  derivative: '\\begin{cases} 0 & x < -3 \\\\ x/3 + 1/2 & -3 \\le x < 3 \\\\ 1 & x \\ge 3 \\end{cases}',
  properties: {
    range: [-0.375, Infinity],
    boundedAbove: false,
    boundedBelow: true,
    monotonic: false,
    derivativeMonotonic: false,
    smoothness: 'C0',
    zeroCentred: false,
    identityNearZero: false,
    saturatesLeft: true,
    saturatesRight: false,
    selfGated: true,
    cost: 'elementary',
  },
  knownDifferences: [
    {
      note:
        "torch's hardswish_backward disagrees with itself at x = 3: its vectorized loop gives 1, its scalar tail " +
        '(the last few elements of a tensor) gives 1.5; actlab gives 1 everywhere',
      at: (x) => x === 3,
      affects: 'gradient',
    },
  ],
  references: [{ title: 'Searching for MobileNetV3', authors: 'Howard et al.', year: 2019 }],
  onnx: () => ({ op: 'HardSwish', opset: 14 }),
});
