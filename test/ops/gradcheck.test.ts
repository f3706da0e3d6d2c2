/**
 * gradcheck (float64 central differences) for every primitive in the one VJP table. The case
 * table is typed over PrimitiveName, so a primitive added without a case fails to type-check.
 */
import { describe, expect, it } from 'vitest';
import { F, gradcheck, manualSeed, ops, randn, rand, tensor } from '../../src/index.js';
import type { GradcheckOptions, Tensor } from '../../src/index.js';
import type { PrimitiveName } from '../../src/ops/primitives.js';
import { primitives } from '../../src/ops/primitives.js';

type Case = { name: string; fn: (...xs: Tensor[]) => Tensor; inputs: () => Tensor[]; options?: GradcheckOptions };

const f64 = (shape: number[], scale = 1, shift = 0): Tensor => {
  const t = randn(shape, { dtype: 'float64' }).mul(scale).add(shift).detach();
  return t.requiresGrad_();
};
const pos = (shape: number[]): Tensor => rand(shape, { dtype: 'float64' }).add(0.5).detach().requiresGrad_();
const unary = (fn: (x: Tensor) => Tensor, make = () => f64([2, 3])): Case[] => [
  { name: 'elementwise', fn, inputs: () => [make()] },
];
const binary = (fn: (a: Tensor, b: Tensor) => Tensor, make = f64): Case[] => [
  { name: 'same shape', fn, inputs: () => [make([2, 3]), make([2, 3])] },
  { name: 'broadcast row', fn, inputs: () => [make([2, 3]), make([3])] },
  { name: 'broadcast both', fn, inputs: () => [make([2, 1]), make([1, 3])] },
];
const reduce = (fn: (x: Tensor, dim?: number | number[], keepdim?: boolean) => Tensor): Case[] => [
  { name: 'all', fn: (x) => fn(x), inputs: () => [f64([2, 3, 2])] },
  { name: 'dim 1', fn: (x) => fn(x, 1), inputs: () => [f64([2, 3, 2])] },
  { name: 'dims [0,2] keepdim', fn: (x) => fn(x, [0, 2], true), inputs: () => [f64([2, 3, 2])] },
  { name: 'dim -1', fn: (x) => fn(x, -1), inputs: () => [f64([4, 3])] },
];
const noGradCase = (fn: (x: Tensor) => Tensor): Case[] => [
  {
    name: 'no gradient (integer output)',
    fn: (x) => fn(x).to('float64').add(x.sum().mul(0)),
    inputs: () => [f64([3, 4])],
  },
];

const cases: { [K in PrimitiveName]: Case[] } = {
  neg: unary(ops.neg),
  abs: unary(ops.abs),
  exp: unary(ops.exp),
  log: unary(ops.log, () => pos([2, 3])),
  log1p: unary(ops.log1p, () => pos([2, 3])),
  expm1: unary(ops.expm1),
  sqrt: unary(ops.sqrt, () => pos([2, 3])),
  rsqrt: unary(ops.rsqrt, () => pos([2, 3])),
  square: unary(ops.square),
  reciprocal: unary(ops.reciprocal, () => pos([2, 3])),
  tanh: unary(ops.tanh),
  sigmoid: unary(ops.sigmoid),
  sin: unary(ops.sin),
  cos: unary(ops.cos),
  erf: unary(ops.erf),
  sign: unary((x) => ops.sign(x).add(x)),
  floor: unary((x) => ops.floor(x).add(x)),
  ceil: unary((x) => ops.ceil(x).add(x)),
  round: unary((x) => ops.round(x).add(x)),
  add: binary(ops.add),
  sub: binary(ops.sub),
  mul: binary(ops.mul),
  div: binary(ops.div, (s) => pos(s)),
  pow: binary(ops.pow, (s) => pos(s)),
  maximum: binary(ops.maximum),
  minimum: binary(ops.minimum),
  eq: binary((a, b) => ops.eq(a, b).add(a).add(b)),
  ne: binary((a, b) => ops.ne(a, b).add(a).add(b)),
  lt: binary((a, b) => ops.lt(a, b).add(a).add(b)),
  le: binary((a, b) => ops.le(a, b).add(a).add(b)),
  gt: binary((a, b) => ops.gt(a, b).add(a).add(b)),
  ge: binary((a, b) => ops.ge(a, b).add(a).add(b)),
  sum: reduce(ops.sum),
  max: reduce(ops.max),
  min: reduce(ops.min),
  logsumexp: reduce(ops.logsumexp),
  argmax: noGradCase((x) => ops.argmax(x, 1)),
  argmin: noGradCase((x) => ops.argmin(x, 0)),
  reshape: [{ name: '-1', fn: (x) => x.reshape(3, -1).mul(x.reshape(3, -1)), inputs: () => [f64([2, 3])] }],
  expand: [{ name: 'stretch', fn: (x) => x.expand(4, 2, 3).mul(2), inputs: () => [f64([2, 1])] }],
  permute: [{ name: '3-D', fn: (x) => x.permute(2, 0, 1).mul(x.permute(2, 0, 1)), inputs: () => [f64([2, 3, 4])] }],
  narrow: [{ name: 'middle', fn: (x) => x.narrow(1, 1, 2).square(), inputs: () => [f64([3, 4])] }],
  indexSelect: [
    { name: 'repeats accumulate', fn: (x) => x.indexSelect(0, [2, 0, 2]).square(), inputs: () => [f64([3, 2])] },
  ],
  concat: [
    { name: 'dim 1', fn: (a, b) => ops.concat([a, b, a], 1).square(), inputs: () => [f64([2, 2]), f64([2, 3])] },
  ],
  where: [
    { name: 'broadcast', fn: (a, b) => ops.where(ops.gt(a, 0), a.mul(3), b), inputs: () => [f64([2, 3]), f64([3])] },
  ],
  // float32 rounding in the middle: a coarser step and tolerance.
  cast: [
    {
      name: 'f64→f32→f64',
      fn: (x) => x.to('float32').to('float64').mul(x),
      inputs: () => [f64([3])],
      options: { eps: 1e-3, atol: 1e-3, rtol: 1e-2 },
    },
  ],
  clone: unary((x) => x.clone().mul(x)),
  clamp: unary(
    (x) => x.clamp(-0.5, 0.7),
    () => f64([4, 5]),
  ),
  mm: [
    { name: 'plain', fn: (a, b) => ops.mm(a, b), inputs: () => [f64([3, 4]), f64([4, 2])] },
    { name: 'transA', fn: (a, b) => ops.mm(a, b, { transA: true }), inputs: () => [f64([4, 3]), f64([4, 2])] },
    { name: 'transB', fn: (a, b) => ops.mm(a, b, { transB: true }), inputs: () => [f64([3, 4]), f64([2, 4])] },
    {
      name: 'both',
      fn: (a, b) => ops.mm(a, b, { transA: true, transB: true }),
      inputs: () => [f64([4, 3]), f64([2, 4])],
    },
    { name: 'batched', fn: (a, b) => ops.mm(a, b), inputs: () => [f64([2, 3, 4]), f64([2, 4, 5])] },
    { name: 'batched × matrix', fn: (a, b) => ops.matmul(a, b), inputs: () => [f64([2, 3, 4]), f64([4, 5])] },
    { name: 'broadcast batch', fn: (a, b) => ops.matmul(a, b), inputs: () => [f64([2, 1, 3, 4]), f64([3, 4, 2])] },
    { name: 'vector', fn: (a, b) => ops.matmul(a, b), inputs: () => [f64([4]), f64([4, 2])] },
  ],
  // Elementwise activations are gradchecked one by one in test/activations (registry-driven).
  activation: [{ name: 'tanh via the fused primitive', fn: (x) => F.tanh(x), inputs: () => [f64([3, 2])] }],
  dimActivation: [
    { name: 'softmax dim 1', fn: (x) => F.softmax(x, { dim: 1 }), inputs: () => [f64([2, 3, 2])] },
    { name: 'glu dim 0', fn: (x) => F.glu(x, { dim: 0 }), inputs: () => [f64([4, 3])] },
  ],
  channelActivation: [
    { name: 'prelu per channel', fn: (x, w) => F.prelu(x, w), inputs: () => [f64([2, 3, 2]), f64([3])] },
  ],
  conv2d: [
    {
      name: 'stride 1, padding 1',
      fn: (x, w, b) => F.conv2d(x, w, b, { padding: 1 }),
      inputs: () => [f64([2, 2, 4, 4]), f64([3, 2, 3, 3]), f64([3])],
    },
    {
      name: 'stride 2, no bias',
      fn: (x, w) => F.conv2d(x, w, undefined, { stride: 2 }),
      inputs: () => [f64([1, 1, 5, 5]), f64([2, 1, 2, 2])],
    },
  ],
  im2col: [
    {
      name: 'kernel 3, stride 2, padding 1, dilation (1, 2)',
      fn: (x) => F.unfold(x, { kernelSize: 3, stride: 2, padding: 1, dilation: [1, 2] }),
      inputs: () => [f64([2, 2, 6, 7])],
    },
  ],
  maxPool2d: [{ name: '2×2', fn: (x) => F.maxPool2d(x, { kernelSize: 2 }), inputs: () => [f64([1, 2, 4, 4])] }],
  avgPool2d: [
    {
      name: '3×3 stride 2 padding 1',
      fn: (x) => F.avgPool2d(x, { kernelSize: 3, stride: 2, padding: 1 }),
      inputs: () => [f64([1, 2, 5, 5])],
    },
  ],
  binaryCrossEntropy: [
    {
      name: 'probabilities vs targets',
      fn: (p) => F.binaryCrossEntropy(p, tensor([0, 1, 1, 0, 0.3, 0.8], { dtype: 'float64' })),
      inputs: () => [rand([6], { dtype: 'float64' }).mul(0.8).add(0.1).detach().requiresGrad_()],
    },
  ],
};

describe('gradcheck of every primitive (float64)', () => {
  it('the case table covers the primitive table', () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(primitives).sort());
  });
  for (const [op, list] of Object.entries(cases)) {
    for (const c of list) {
      it(`${op}: ${c.name}`, () => {
        manualSeed(42);
        const result = gradcheck(c.fn, c.inputs(), c.options);
        expect(result.ok, result.message).toBe(true);
      });
    }
  }
});

describe('gradient conventions', () => {
  it('max over all elements splits the gradient evenly over ties; along a dim it goes to the first', () => {
    const x = tensor([1, 3, 3, 2], { dtype: 'float64', requiresGrad: true });
    x.max().backward();
    expect(Array.from(x.grad!.data)).toEqual([0, 0.5, 0.5, 0]);
    const y = tensor([[1, 3, 3, 2]], { dtype: 'float64', requiresGrad: true });
    y.max(1).sum().backward();
    expect(Array.from(y.grad!.data)).toEqual([0, 1, 0, 0]);
  });
  it('maximum splits ties in half, as torch', () => {
    const a = tensor([1, 2, 3], { requiresGrad: true });
    const b = tensor([2, 2, 2], { requiresGrad: true });
    ops.maximum(a, b).sum().backward();
    expect(Array.from(a.grad!.data)).toEqual([0, 0.5, 1]);
    expect(Array.from(b.grad!.data)).toEqual([1, 0.5, 0]);
  });
  it('clamp passes the gradient at its bounds (torch), abs′(0) = 0', () => {
    const x = tensor([-1, -0.5, 0, 0.5, 1], { requiresGrad: true });
    x.clamp(-0.5, 0.5).sum().backward();
    expect(Array.from(x.grad!.data)).toEqual([0, 1, 1, 1, 0]);
    const z = tensor([0], { requiresGrad: true });
    z.abs().sum().backward();
    expect(z.grad!.data[0]).toBe(0);
  });
  it('pow masks 0·∞: d/da at b = 0 and d/db at a = 0 are 0', () => {
    const a = tensor([0, 2], { dtype: 'float64', requiresGrad: true });
    const b = tensor([0, 2], { dtype: 'float64', requiresGrad: true });
    ops.pow(a, b).sum().backward();
    expect(Array.from(a.grad!.data)).toEqual([0, 4]);
    expect(b.grad!.data[0]).toBe(0);
    expect(b.grad!.data[1]).toBeCloseTo(4 * Math.log(2), 12);
  });
});
