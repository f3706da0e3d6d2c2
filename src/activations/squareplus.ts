/** Squareplus: (x + √(x² + b))/2, an algebraic softplus (no exp or log). */
import { defineActivation } from './define.js';

// For x < 0 the sum x + √(x² + b) cancels; (x + r)/2 = b/(2(r − x)) there. |x| > 1e150 would
// overflow x², where √(x² + b) = |x| to the last digit anyway.
const root = (x: number, b: number): number => (Math.abs(x) > 1e150 ? Math.abs(x) : Math.sqrt(x * x + b));
function value(x: number, b: number): number {
  const r = root(x, b);
  return x < 0 ? b / (2 * (r - x)) : (x + r) / 2;
}
function grad(x: number, b: number): number {
  if (x < 0) {
    const r = root(x, b);
    return b / (2 * r * (r - x));
  }
  return (1 + 1 / Math.sqrt(1 + b / (x * x))) / 2; // x/r written so that x = +∞ gives 1
}

export const squareplus = defineActivation({
  id: 'squareplus',
  name: 'Squareplus',
  torchName: 'Squareplus',
  torchFunction: null,
  summary: '(x + √(x² + b))/2: softplus-shaped, cheap (one sqrt), with b setting the curvature at 0.',
  params: {
    b: { default: 4, exclusiveMin: 0, doc: 'curvature: f(0) = √b/2; b → 0 gives ReLU' },
  },
  f: (x, p) => value(x, p.b),
  df: (x, p) => grad(x, p.b),
  formula: '\\frac{x + \\sqrt{x^2 + b}}{2}',
  derivative: '\\frac{1}{2}\\Bigl(1 + \\frac{x}{\\sqrt{x^2 + b}}\\Bigr)',
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
    cost: 'elementary',
  },
  references: [{ title: 'Squareplus: A Softplus-Like Algebraic Rectifier', authors: 'Barron', year: 2021 }],
  onnx: () => ({
    decomposition: 'Div(Add(x, Sqrt(Add(Mul(x, x), b))), 2)',
    ops: ['Mul', 'Add', 'Sqrt', 'Div'],
    opset: 6,
  }),
});
