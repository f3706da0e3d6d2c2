/** Snake: x + sin²(αx)/α, a monotonic periodic activation that can extrapolate periodic signals. */
import { defineActivation } from './define.js';

const value = (x: number, a: number): number => {
  const s = Math.sin(a * x);
  return x + (s * s) / a;
};
// 1 + 2 sin(αx) cos(αx) = 1 + sin(2αx).
const grad = (x: number, a: number): number => 1 + Math.sin(2 * a * x);

export const snake = defineActivation({
  id: 'snake',
  name: 'Snake',
  torchName: 'Snake',
  torchFunction: null,
  summary: 'x + sin²(αx)/α: identity plus a ripple of frequency α; non-decreasing, learns periodic functions.',
  params: {
    alpha: { default: 1, exclusiveMin: 0, doc: 'frequency of the ripple' },
  },
  f: (x, p) => value(x, p.alpha),
  df: (x, p) => grad(x, p.alpha),
  formula: 'x + \\frac{\\sin^2(\\alpha x)}{\\alpha}',
  derivative: '1 + \\sin(2\\alpha x)',
  properties: {
    range: [-Infinity, Infinity],
    boundedAbove: false,
    boundedBelow: false,
    monotonic: 'increasing',
    derivativeMonotonic: false,
    smoothness: 'Cinf',
    zeroCentred: false,
    identityNearZero: true,
    saturatesLeft: false,
    saturatesRight: false,
    selfGated: false,
    cost: 'transcendental',
  },
  references: [
    {
      title: 'Neural Networks Fail to Learn Periodic Functions and How to Fix It',
      authors: 'Ziyin, Hartwig, Ueda',
      year: 2020,
    },
  ],
  onnx: () => ({
    decomposition: 'Add(x, Div(Pow(Sin(Mul(x, alpha)), 2), alpha))',
    ops: ['Mul', 'Sin', 'Pow', 'Div', 'Add'],
    opset: 7,
  }),
});
