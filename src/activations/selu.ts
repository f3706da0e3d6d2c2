/** Scaled ELU: constants chosen so activations self-normalise to mean 0, variance 1. */
import { defineActivation } from './define.js';

// Klambauer et al.'s fixed point (1.6732632423543772848…, 1.0507009873554804934…) as doubles, as torch has them.
const ALPHA = 1.6732632423543772;
const SCALE = 1.0507009873554805;
const NEG = ALPHA * SCALE; // λα, the slope at 0⁻ (torch's negcoef)

export const selu = defineActivation({
  id: 'selu',
  name: 'SELU',
  torchName: 'SELU',
  torchFunction: 'torch.nn.functional.selu',
  summary: 'λ·ELU(x, α) with λ ≈ 1.0507, α ≈ 1.6733: self-normalising networks (with LeCun-normal init).',
  f: (x) => (x <= 0 ? NEG * Math.expm1(x) : SCALE * x),
  df: (x) => (x <= 0 ? NEG * Math.exp(x) : SCALE),
  kinks: () => [{ x: 0, grad: NEG, why: 'elu_backward takes the x <= 0 branch at 0: λα' }],
  formula:
    '\\lambda \\begin{cases} x & x > 0 \\\\ \\alpha\\,(e^{x} - 1) & x \\le 0 \\end{cases},\\ \\lambda \\approx 1.0507,\\ \\alpha \\approx 1.6733',
  derivative: '\\lambda \\begin{cases} 1 & x > 0 \\\\ \\alpha\\,e^{x} & x \\le 0 \\end{cases}',
  properties: {
    range: [-NEG, Infinity],
    boundedAbove: false,
    boundedBelow: true,
    monotonic: 'increasing',
    derivativeMonotonic: false,
    smoothness: 'C0',
    zeroCentred: false,
    identityNearZero: false,
    saturatesLeft: true,
    saturatesRight: false,
    selfGated: false,
    cost: 'transcendental',
  },
  references: [
    { title: 'Self-Normalizing Neural Networks', authors: 'Klambauer, Unterthiner, Mayr, Hochreiter', year: 2017 },
  ],
  onnx: () => ({ op: 'Selu', opset: 6, attributes: { alpha: ALPHA, gamma: SCALE } }),
});
