/** TanhExp: x·tanh(eˣ), a self-gated unit with a steep gate for lightweight networks. */
import { defineActivation } from './define.js';
import { sech2 } from './scalar.js';

const value = (x: number): number => x * Math.tanh(Math.exp(x));
function grad(x: number): number {
  const e = Math.exp(x);
  // x·eˣ·sech²(eˣ) is below 1e-30 once eˣ > 40, and would be ∞·0 once eˣ overflows.
  return Math.tanh(e) + (e > 40 ? 0 : x * e * sech2(e));
}

export const tanhexp = defineActivation({
  id: 'tanhexp',
  name: 'TanhExp',
  torchName: 'TanhExp',
  torchFunction: null,
  summary: 'x·tanh(eˣ): ≈ x for x > 2, a small dip for x < 0; converges fast in small nets.',
  f: value,
  df: grad,
  formula: 'x \\tanh(e^{x})',
  derivative: '\\tanh(e^{x}) + x\\,e^{x}\\operatorname{sech}^2(e^{x})',
  properties: {
    range: [-0.35328577785, Infinity],
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
      title: 'TanhExp: A Smooth Activation Function with High Convergence Speed for Lightweight Neural Networks',
      authors: 'Liu, Di',
      year: 2020,
    },
  ],
  onnx: (g, x) => g.op('Mul', [x, g.op('Tanh', [g.op('Exp', [x])])]),
});
