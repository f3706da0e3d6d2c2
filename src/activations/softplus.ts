/** Softplus: a smooth ReLU, log(1 + e^{βx})/β, reverting to x above threshold/β as torch does. */
import { defineActivation } from './define.js';
import { sigmoid, softplus as logOnePlusExp } from './scalar.js';

export const softplus = defineActivation({
  id: 'softplus',
  name: 'Softplus',
  torchName: 'Softplus',
  torchFunction: 'torch.nn.functional.softplus',
  summary: 'log(1 + e^{βx})/β: smooth, positive, ≈ ReLU for large β.',
  params: {
    beta: { default: 1, exclusiveMin: 0, doc: 'sharpness' },
    threshold: { default: 20, allowInfinity: true, doc: 'above βx > threshold the result is x (torch’s switch)' },
  },
  // torch switches to x strictly above the threshold; below it log1p(e^{βx}) is computed without overflow.
  f: (x, p) => (x * p.beta > p.threshold ? x : logOnePlusExp(x * p.beta) / p.beta),
  df: (x, p) => (x * p.beta > p.threshold ? 1 : sigmoid(x * p.beta)),
  formula: '\\frac{1}{\\beta}\\log(1 + e^{\\beta x})\\ \\ (x\\ \\text{when}\\ \\beta x > \\text{threshold})',
  derivative: '\\sigma(\\beta x)\\ \\ (1\\ \\text{when}\\ \\beta x > \\text{threshold})',
  properties: {
    range: [0, Infinity],
    boundedAbove: false,
    boundedBelow: true,
    monotonic: 'increasing',
    derivativeMonotonic: true,
    smoothness: 'Cinf',
    zeroCentred: false,
    identityNearZero: false,
    saturatesLeft: true,
    saturatesRight: false,
    selfGated: false,
    cost: 'transcendental',
  },
  references: [
    {
      title: 'Incorporating Second-Order Functional Knowledge for Better Option Pricing',
      authors: 'Dugas, Bengio, Bélisle, Nadeau, Garcia',
      year: 2000,
    },
  ],
  onnx: (p) =>
    p.beta === 1
      ? { op: 'Softplus', opset: 1 }
      : { decomposition: 'Div(Softplus(Mul(x, beta)), beta)', ops: ['Mul', 'Softplus', 'Div'], opset: 7 },
});
