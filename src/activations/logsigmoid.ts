/** Log-sigmoid: log σ(x) = −softplus(−x), the log-likelihood term of logistic regression. */
import { defineActivation } from './define.js';
import { sigmoid, softplus } from './scalar.js';

export const logsigmoid = defineActivation({
  id: 'logsigmoid',
  name: 'LogSigmoid',
  torchName: 'LogSigmoid',
  torchFunction: 'torch.nn.functional.logsigmoid',
  aliases: ['log_sigmoid'],
  summary: 'log σ(x): ≈ x for x ≪ 0, → 0⁻ for x ≫ 0; never log of an underflowed σ.',
  // −softplus(−x) = min(x, 0) − log1p(e^{−|x|}): no overflow, no log(0).
  f: (x) => -softplus(-x),
  df: (x) => sigmoid(-x),
  formula: '\\log \\sigma(x) = -\\log(1 + e^{-x})',
  derivative: '\\sigma(-x) = 1 - \\sigma(x)',
  properties: {
    range: [-Infinity, 0],
    boundedAbove: true,
    boundedBelow: false,
    monotonic: 'increasing',
    derivativeMonotonic: true,
    smoothness: 'Cinf',
    zeroCentred: false,
    identityNearZero: false,
    saturatesLeft: false,
    saturatesRight: true,
    selfGated: false,
    cost: 'transcendental',
  },
  references: [
    {
      title: 'Deep Learning (§6.2.2.2, sigmoid units for Bernoulli outputs)',
      authors: 'Goodfellow, Bengio, Courville',
      year: 2016,
    },
  ],
  onnx: () => ({ decomposition: 'Neg(Softplus(Neg(x)))', ops: ['Neg', 'Softplus'], opset: 1 }),
});
