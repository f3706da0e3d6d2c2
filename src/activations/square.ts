/**
 * Square: x², the simplest polynomial activation — and the counterexample of the universal
 * approximation theorem. A network of square units computes a polynomial of the input whose
 * degree is fixed by its depth (2^depth), so adding units never lets it fit, say, sin(3x):
 * training stalls at the best polynomial of that degree (Leshno et al. 1993: a feed-forward
 * network is a universal approximator exactly when its activation is not a polynomial).
 */
import { defineActivation } from './define.js';

export const square = defineActivation({
  id: 'square',
  name: 'Square',
  torchFunction: 'torch.square',
  aliases: ['quadratic'],
  summary: 'x²: a polynomial, so networks of it are polynomials of bounded degree — not universal approximators.',
  f: (x) => x * x,
  df: (x) => 2 * x,
  formula: 'x^2',
  derivative: '2x',
  properties: {
    range: [0, Infinity],
    boundedAbove: false,
    boundedBelow: true,
    monotonic: false,
    derivativeMonotonic: true,
    smoothness: 'Cinf',
    zeroCentred: false,
    identityNearZero: false,
    saturatesLeft: false,
    saturatesRight: false,
    selfGated: false,
    cost: 'elementary',
  },
  references: [
    {
      title: 'Multilayer Feedforward Networks with a Nonpolynomial Activation Function Can Approximate Any Function',
      authors: 'Leshno, Lin, Pinkus, Schocken',
      year: 1993,
    },
    {
      title: 'On the Computational Efficiency of Training Neural Networks',
      authors: 'Livni, Shalev-Shwartz, Shamir',
      year: 2014,
    },
  ],
  onnx: () => ({ decomposition: 'Mul(x, x)', ops: ['Mul'], opset: 6 }),
});
