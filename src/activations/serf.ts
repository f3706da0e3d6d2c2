/** Serf: x·erf(softplus(x)), a self-gated unit with an erf gate ("log-Softplus ERror Function"). */
import { defineActivation } from './define.js';
import { erf, sigmoid, softplus } from './scalar.js';

const TWO_OVER_SQRT_PI = 1.1283791670955126;

// softplus as torch's default (x above 20), the convention the goldens' composition uses; erf
// saturates to 1 long before, so the switch changes nothing visible.
const sp = (x: number): number => (x > 20 ? x : softplus(x));
const value = (x: number): number => x * erf(sp(x));
function grad(x: number): number {
  const s = sp(x);
  return erf(s) + x * TWO_OVER_SQRT_PI * Math.exp(-s * s) * (x > 20 ? 1 : sigmoid(x));
}

export const serf = defineActivation({
  id: 'serf',
  name: 'Serf',
  torchName: 'Serf',
  torchFunction: null,
  summary: 'x·erf(log(1 + eˣ)): smooth, non-monotonic, self-gated (like Mish with an erf gate).',
  f: value,
  df: grad,
  formula: 'x \\operatorname{erf}\\bigl(\\ln(1 + e^{x})\\bigr)',
  derivative: '\\operatorname{erf}(s) + x\\,\\tfrac{2}{\\sqrt{\\pi}} e^{-s^2} \\sigma(x),\\ s = \\ln(1 + e^{x})',
  properties: {
    range: [-0.34843745876, Infinity],
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
    cost: 'compound',
  },
  references: [
    {
      title: 'SERF: Towards better training of deep neural networks using log-Softplus ERror activation Function',
      authors: 'Nag, Bhattacharyya',
      year: 2021,
    },
  ],
  onnx: (g, x) => g.op('Mul', [x, g.op('Erf', [g.op('Softplus', [x])])]),
});
