/**
 * Randomized leaky ReLU: in training each non-positive element gets its own slope drawn from
 * U(lower, upper) (the same slope then scales its gradient); in eval the slope is the mean.
 */
import { mul } from '../ops/binary.js';
import { empty } from '../ops/apply.js';
import { defineActivation } from './define.js';

export const rrelu = defineActivation({
  id: 'rrelu',
  name: 'RReLU',
  torchName: 'RReLU',
  torchFunction: 'torch.nn.functional.rrelu',
  summary: 'Leaky ReLU with a random slope per element in training (a regulariser), the mean slope in eval.',
  params: {
    lower: { default: 1 / 8, random: true, doc: 'lower bound of the slope distribution' },
    upper: { default: 1 / 3, random: true, doc: 'upper bound of the slope distribution' },
  },
  check: (p) => (p.lower > p.upper ? `lower (${p.lower}) must be ≤ upper (${p.upper})` : null),
  // The scalar reference is the eval-mode function.
  f: (x, p) => (x > 0 ? x : x * ((p.lower + p.upper) / 2)),
  df: (x, p) => (x > 0 ? 1 : (p.lower + p.upper) / 2),
  // As torch's rrelu_with_noise: a slope is drawn only where x <= 0 (elsewhere the noise is 1), and
  // y = x·noise records the product, so the backward scales gy by the same sampled slopes.
  training: (x, p, generator) => {
    const noise = empty(x.shape, x.dtype);
    const X = x.data;
    const N = noise.data;
    for (let i = 0; i < X.length; i++) N[i] = X[i]! <= 0 ? generator.uniform(p.lower, p.upper) : 1;
    return mul(x, noise);
  },
  kinks: (p) => [
    { x: 0, grad: (p.lower + p.upper) / 2, why: 'eval mode is leaky_relu with the mean slope, which applies at 0' },
  ],
  formula:
    '\\begin{cases} x & x > 0 \\\\ a\\,x & x \\le 0 \\end{cases},\\ a \\sim U(l, u)\\ \\text{(train)},\\ a = \\tfrac{l+u}{2}\\ \\text{(eval)}',
  derivative: '\\begin{cases} 1 & x > 0 \\\\ a & x \\le 0 \\end{cases}',
  properties: {
    range: [-Infinity, Infinity],
    boundedAbove: false,
    boundedBelow: false,
    monotonic: 'increasing',
    derivativeMonotonic: true,
    smoothness: 'C0',
    zeroCentred: false,
    identityNearZero: false,
    saturatesLeft: false,
    saturatesRight: false,
    selfGated: false,
    cost: 'elementary',
  },
  references: [
    {
      title: 'Empirical Evaluation of Rectified Activations in Convolutional Network',
      authors: 'Xu, Wang, Chen, Li',
      year: 2015,
    },
  ],
  onnx: (p) => ({ op: 'LeakyRelu', opset: 6, attributes: { alpha: (p.lower + p.upper) / 2 } }),
});
