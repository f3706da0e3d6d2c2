/**
 * SmoothReLU (Xie et al. 2020, "Smooth Adversarial Training"): ReLU with its corner at 0 rounded
 * off on the positive side only, relu(x − ln(1 + β|x|)/β). Its gradient βx/(1 + βx) rises
 * continuously from 0, so f is C¹ (ReLU is only C⁰): the paper finds that smooth activations make
 * adversarial training better, because the gradients the attacks and the weight updates follow
 * no longer jump. β → ∞ gives ReLU back.
 *
 * β is learnable on request (`nn.SmoothReLU({ learnable: true })`, or a tensor `beta`), as in the
 * paper. actlab learns β itself, by ∂f/∂β; the paper's code learns a = √β instead (β = a², a
 * initialised to 20, hence the default β = 400), which keeps β positive and scales its gradient
 * by ∂β/∂a = 2a: the same function, a different optimisation path. A learned β that goes ≤ 0
 * makes f NaN (the logarithm's argument turns negative), so keep its learning rate small.
 */
import { defineActivation } from './define.js';

/** Σₖ₌₂ cₖ·tᵏ for |t| < 0.25 by Horner's rule (30 terms: the tail is below 1e-18 of the first). */
function series(t: number, c: (k: number) => number): number {
  let s = 0;
  for (let k = 30; k >= 2; k--) s = s * t + c(k);
  return s * t * t;
}

/** f for β > 0. Below t = βx = 0.25 the difference x − log1p(t)/β cancels: (t − log1p t)/β by its series. */
function value(x: number, b: number): number {
  if (!(x > 0)) return x === x ? 0 : x; // x ≤ 0, and NaN propagates
  if (x === Infinity) return x;
  const t = b * x;
  if (t < 0.25) return series(t, (k) => (k % 2 === 0 ? 1 : -1) / k) / b;
  // Where βx overflows, log(1 + βx) = log β + log x.
  return x - (t < 1e300 ? Math.log1p(t) : Math.log(b) + Math.log(x)) / b;
}

/** f′ = t/(1 + t), t = βx; 1 once βx overflows (∞/∞ otherwise). */
function grad(x: number, b: number): number {
  if (!(x > 0)) return x === x ? 0 : x;
  const t = b * x;
  return t === Infinity ? 1 : t / (1 + t);
}

/** ∂f/∂β = ((1 + t)·log1p t − t)/(β²(1 + t)); its numerator cancels below t = 0.25 (series). */
function betaGrad(x: number, b: number): number {
  if (!(x > 0)) return x === x ? 0 : x;
  const t = b * x;
  if (t < 0.25) return series(t, (k) => (k % 2 === 0 ? 1 : -1) / (k * (k - 1))) / (b * b * (1 + t));
  return Math.log1p(t) / (b * b) - x / (b * (1 + t));
}

export const smoothRelu = defineActivation({
  id: 'smooth_relu',
  name: 'SmoothReLU',
  torchName: 'SmoothReLU',
  torchFunction: null,
  summary: 'ReLU with the corner rounded off for x > 0: relu(x − ln(1 + β|x|)/β), C¹; made for adversarial training.',
  params: {
    beta: {
      default: 400,
      exclusiveMin: 0,
      learnable: 'optional',
      doc: "smoothness: the corner's width is ~1/β; β → ∞ is ReLU; a tensor to learn it",
    },
  },
  f: (x, p) => value(x, p.beta),
  df: (x, p) => grad(x, p.beta),
  dparam: (x, p) => betaGrad(x, p.beta),
  kinks: () => [
    { x: 0, grad: 0, why: 'both one-sided derivatives are 0 (C¹: only the second derivative jumps, by β)' },
  ],
  formula: '\\max\\bigl(0,\\ x - \\tfrac{1}{\\beta}\\ln(1 + \\beta|x|)\\bigr)',
  derivative:
    '\\frac{\\beta x}{1 + \\beta x}\\ (x > 0),\\ 0\\ (x \\le 0),\\quad \\frac{\\partial f}{\\partial \\beta} = \\frac{(1 + \\beta x)\\ln(1 + \\beta x) - \\beta x}{\\beta^2 (1 + \\beta x)}',
  properties: {
    range: [0, Infinity],
    boundedAbove: false,
    boundedBelow: true,
    monotonic: 'increasing',
    derivativeMonotonic: true,
    smoothness: 'C1',
    zeroCentred: false,
    identityNearZero: false,
    saturatesLeft: true,
    saturatesRight: false,
    selfGated: false,
    cost: 'transcendental',
  },
  references: [
    {
      title: 'Smooth Adversarial Training',
      authors: 'Xie, Tan, Gong, Yuille, Le',
      year: 2020,
      url: 'https://arxiv.org/abs/2006.14536',
    },
  ],
  onnx: () => ({
    decomposition: 'Relu(Sub(x, Div(Log(Add(1, Mul(beta, Abs(x)))), beta)))',
    ops: ['Abs', 'Mul', 'Add', 'Log', 'Div', 'Sub', 'Relu'],
    opset: 6,
  }),
});
