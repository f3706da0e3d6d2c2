/** Softsign: x/(1 + |x|), a rational sigmoid with polynomial (not exponential) tails. */
import { defineActivation } from './define.js';

// At ±∞ torch's x/(1 + |x|) is ∞/∞ = NaN (and so is its autograd gradient): actlab keeps that.
const grad = (x: number): number => {
  const d = 1 + Math.abs(x);
  return d === Infinity ? NaN : 1 / (d * d);
};

export const softsign = defineActivation({
  id: 'softsign',
  name: 'Softsign',
  torchName: 'Softsign',
  torchFunction: 'torch.nn.functional.softsign',
  summary: 'x/(1 + |x|): zero-centred like tanh, but saturates polynomially (slower).',
  f: (x) => x / (1 + Math.abs(x)),
  df: grad,
  formula: '\\frac{x}{1 + |x|}',
  derivative: '\\frac{1}{(1 + |x|)^2}',
  properties: {
    range: [-1, 1],
    boundedAbove: true,
    boundedBelow: true,
    monotonic: 'increasing',
    derivativeMonotonic: false,
    smoothness: 'C1',
    zeroCentred: true,
    identityNearZero: true,
    saturatesLeft: true,
    saturatesRight: true,
    selfGated: false,
    cost: 'elementary',
  },
  references: [
    {
      title: 'Understanding the difficulty of training deep feedforward neural networks',
      authors: 'Glorot, Bengio',
      year: 2010,
    },
  ],
  onnx: () => ({ op: 'Softsign', opset: 1 }),
});
