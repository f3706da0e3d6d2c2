/**
 * Gaussian error linear unit x·Φ(x), exact (erf) or with torch's tanh approximation. Both are
 * computed in forms that stay accurate in the left tail (see knownDifferences).
 */
import { defineActivation } from './define.js';
import { normalCdf, normalPdf, sigmoid, sigmoidGrad } from './scalar.js';

const K_BETA = Math.SQRT2 * (2 / Math.sqrt(Math.PI)) * 0.5; // √(2/π), torch's kBeta
const K_KAPPA = 0.044715;

/** tanh form: ½x(1 + tanh u) = x·σ(2u), u = √(2/π)(x + 0.044715x³); σ(2u) does not cancel for x ≪ 0. */
const tanhForm = (x: number): number => x * sigmoid(2 * K_BETA * (x + K_KAPPA * x * x * x));
function tanhFormGrad(x: number): number {
  const u2 = 2 * K_BETA * (x + K_KAPPA * x * x * x);
  return sigmoid(u2) + x * 2 * sigmoidGrad(u2) * K_BETA * (1 + 3 * K_KAPPA * x * x);
}
const exact = (x: number): number => x * normalCdf(x);
const exactGrad = (x: number): number => normalCdf(x) + x * normalPdf(x);

export const gelu = defineActivation({
  id: 'gelu',
  name: 'GELU',
  torchName: 'GELU',
  torchFunction: 'torch.nn.functional.gelu',
  summary: 'x weighted by the standard normal CDF: a smooth, non-monotonic ReLU (BERT, GPT).',
  params: {
    approximate: { choices: ['none', 'tanh'], default: 'none', doc: "'tanh': ½x(1 + tanh(√(2/π)(x + 0.044715x³)))" },
  },
  f: (x, p) => (p.approximate === 'tanh' ? tanhForm(x) : exact(x)),
  df: (x, p) => (p.approximate === 'tanh' ? tanhFormGrad(x) : exactGrad(x)),
  formula: 'x\\,\\Phi(x) = \\tfrac{x}{2}\\bigl(1 + \\operatorname{erf}(x/\\sqrt{2})\\bigr)',
  derivative: '\\Phi(x) + x\\,\\varphi(x)',
  properties: {
    range: [-0.16997120748, Infinity],
    boundedAbove: false,
    boundedBelow: true,
    monotonic: false,
    derivativeMonotonic: false,
    smoothness: 'Cinf',
    zeroCentred: false,
    identityNearZero: false,
    saturatesLeft: true,
    saturatesRight: false,
    selfGated: true,
    cost: 'transcendental',
  },
  knownDifferences: [
    {
      note:
        'torch computes ½x(1 + erf(x/√2)) and ½x(1 + tanh u), which cancel for x < −3: its values and gradients there ' +
        'carry absolute errors of ~|x|·1e-16 (~2e-15 for the tanh gradient at x ≈ −5.5) and become 0 below x ≈ −8.3 ' +
        '(−5.7 for tanh); actlab uses ½x·erfc(−x/√2) and x·σ(2u), accurate to the last digits',
      at: (x) => x < -5,
      affects: 'both',
    },
  ],
  references: [{ title: 'Gaussian Error Linear Units (GELUs)', authors: 'Hendrycks, Gimpel', year: 2016 }],
  onnx: (p) => ({ op: 'Gelu', opset: 20, attributes: { approximate: p.approximate } }),
});
