/** Mish: x·tanh(softplus(x)), a smooth self-gated unit (YOLOv4). */
import { defineActivation } from './define.js';
import { sigmoid } from './scalar.js';

/**
 * tanh(softplus(x)) and 1 − tanh²(softplus(x)) without exp overflow or cancellation: with
 * n = eˣ, tanh(log(1 + n)) = n(n+2)/(n(n+2)+2); for x > 0 divide through by e^{2x} (e = e^{−x}).
 */
function gate(x: number): number {
  if (x <= 0) {
    const n = Math.exp(x);
    const m = n * (n + 2);
    return m / (m + 2);
  }
  const e = Math.exp(-x);
  return (1 + 2 * e) / (1 + 2 * e + 2 * e * e);
}
function gateSech2(x: number): number {
  const e = Math.exp(-Math.abs(x));
  const d = x <= 0 ? e * (e + 2) + 2 : 1 + 2 * e + 2 * e * e;
  // 1 − t² = 4(N+1)/D²; for x > 0 in terms of e: 4e²(1+e)²/(1+2e+2e²)².
  return x <= 0 ? (4 * (e * (e + 2) + 1)) / (d * d) : (4 * e * e * (1 + e) * (1 + e)) / (d * d);
}
const value = (x: number): number => x * gate(x);
const grad = (x: number): number => gate(x) + x * gateSech2(x) * sigmoid(x);

export const mish = defineActivation({
  id: 'mish',
  name: 'Mish',
  torchName: 'Mish',
  torchFunction: 'torch.nn.functional.mish',
  summary: 'x·tanh(softplus(x)): smooth, non-monotonic, self-gated; close to SiLU.',
  f: value,
  df: grad,
  formula: 'x \\tanh\\bigl(\\ln(1 + e^{x})\\bigr)',
  derivative: '\\tanh(s) + x\\,\\operatorname{sech}^2(s)\\,\\sigma(x),\\ s = \\ln(1 + e^{x})',
  properties: {
    range: [-0.30884341302, Infinity],
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
  references: [{ title: 'Mish: A Self Regularized Non-Monotonic Activation Function', authors: 'Misra', year: 2019 }],
  onnx: (g, x) => (g.opset >= 18 ? g.op('Mish', [x]) : g.op('Mul', [x, g.op('Tanh', [g.op('Softplus', [x])])])),
});
