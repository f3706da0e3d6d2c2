/**
 * SiLU / Swish: x·σ(βx). PyTorch's SiLU is β = 1; `nn.Swish({ beta, learnable: true })` learns β
 * (one value, or one per channel with numParameters).
 */
import { defineActivation } from './define.js';
import { sigmoid, sigmoidGrad } from './scalar.js';

// 1 − σ(t) is written σ(−t): the subtraction would cancel as σ(t) → 1.
const value = (x: number, b: number): number => x * sigmoid(b * x);
const grad = (x: number, b: number): number => sigmoid(b * x) * (1 + b * x * sigmoid(-b * x));
const betaGrad = (x: number, b: number): number => x * x * sigmoidGrad(b * x);

export const silu = defineActivation({
  id: 'silu',
  name: 'SiLU',
  torchName: 'SiLU',
  moduleAliases: ['Swish'],
  torchFunction: 'torch.nn.functional.silu',
  aliases: ['swish'],
  summary: 'x·σ(βx): self-gated, smooth and non-monotonic; β → ∞ gives ReLU, β = 0 gives x/2.',
  params: {
    beta: { default: 1, learnable: 'optional', torch: false, doc: 'gate sharpness (Swish); a tensor to learn it' },
  },
  f: (x, p) => value(x, p.beta),
  df: (x, p) => grad(x, p.beta),
  dparam: (x, p) => betaGrad(x, p.beta),
  // Speed only: 1.5× the loops derived from f/df in float64, 2.9× for the per-channel ones of a learned β
  // (bench/js-kernels.ts); SiLU is trained by default (compare).
  kernel: {
    forward(x, y, { beta: b }) {
      for (let i = 0; i < x.length; i++) y[i] = value(x[i]!, b);
    },
    backward(x, _y, gy, gx, { beta: b }) {
      for (let i = 0; i < x.length; i++) gx[i] = gy[i]! * grad(x[i]!, b);
    },
  },
  channelKernel: {
    forward(x, w, y, channels, inner) {
      for (let blk = 0, i = 0; i < x.length; blk++) {
        const b = w[blk % channels]!;
        for (const end = i + inner; i < end; i++) y[i] = value(x[i]!, b);
      }
    },
    backward(x, w, gy, gx, gw, channels, inner) {
      for (let blk = 0, i = 0; i < x.length; blk++) {
        const c = blk % channels;
        const b = w[c]!;
        let s = 0;
        for (const end = i + inner; i < end; i++) {
          gx[i] = gy[i]! * grad(x[i]!, b);
          s += gy[i]! * betaGrad(x[i]!, b);
        }
        gw[c]! += s;
      }
    },
  },
  formula: 'x\\,\\sigma(\\beta x)',
  derivative:
    "\\sigma(\\beta x)\\bigl(1 + \\beta x\\,(1 - \\sigma(\\beta x))\\bigr),\\quad \\frac{\\partial f}{\\partial \\beta} = x^2 \\sigma'(\\beta x)",
  properties: {
    range: [-0.27846454276, Infinity],
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
  references: [
    {
      title: 'Sigmoid-Weighted Linear Units for Neural Network Function Approximation in Reinforcement Learning',
      authors: 'Elfwing, Uchibe, Doya',
      year: 2017,
    },
    { title: 'Searching for Activation Functions', authors: 'Ramachandran, Zoph, Le', year: 2017 },
  ],
  onnx: (p) =>
    p.beta === 1
      ? { decomposition: 'Mul(x, Sigmoid(x))', ops: ['Sigmoid', 'Mul'], opset: 6 }
      : { decomposition: 'Mul(x, Sigmoid(Mul(beta, x)))', ops: ['Sigmoid', 'Mul'], opset: 6 },
});
