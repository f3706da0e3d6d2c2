import { describe, expect, it, vi } from 'vitest';
import { ops, tensor, arange } from '../../src/index.js';
import { getBackend } from '../../src/backend/registry.js';

describe('forward values', () => {
  it('broadcasts binary ops', () => {
    const a = tensor([[1], [2]]);
    const b = tensor([10, 20, 30]);
    expect(ops.add(a, b).toArray()).toEqual([
      [11, 21, 31],
      [12, 22, 32],
    ]);
    expect(ops.mul(a, 2).toArray()).toEqual([[2], [4]]);
    expect(ops.sub(1, a).toArray()).toEqual([[0], [-1]]);
  });
  it('reduces along dims with keepdim, and returns 0-d tensors without a dim', () => {
    const x = arange(6).reshape(2, 3);
    expect(x.sum().shape).toEqual([]);
    expect(x.sum().item()).toBe(15);
    expect(x.sum(0).toArray()).toEqual([3, 5, 7]);
    expect(x.sum(1, true).toArray()).toEqual([[3], [12]]);
    expect(x.mean(-1).toArray()).toEqual([1, 4]);
    expect(x.max(1).toArray()).toEqual([2, 5]);
    expect(x.argmax(1).toArray()).toEqual([2, 2]);
    expect(x.argmax().item()).toBe(5);
    expect(x.argmax(1).dtype).toBe('int32');
  });
  it('logsumexp is stable for large inputs', () => {
    const x = tensor([1000, 1000], { dtype: 'float64' });
    expect(x.logsumexp().item()).toBeCloseTo(1000 + Math.log(2), 10);
    expect(tensor([-Infinity, -Infinity]).logsumexp().item()).toBe(-Infinity);
  });
  it('max/min/logsumexp of an empty batch along a non-empty dim are empty; over an empty dim they throw', () => {
    const empty = tensor([]).reshape(0, 3);
    for (const op of [ops.max, ops.min, ops.logsumexp]) expect(op(empty, 1).shape).toEqual([0]);
    expect(() => ops.max(empty, 0)).toThrow('max: cannot reduce an empty tensor of shape [0, 3]');
  });
  it('propagates NaN through max and comparisons', () => {
    expect(tensor([1, NaN, 3]).max().item()).toBeNaN();
    expect(tensor([1, NaN, 3]).argmax().item()).toBe(1);
  });
  it('matmul follows torch: 2-D, batched, 1-D', () => {
    const a = tensor([
      [1, 2],
      [3, 4],
    ]);
    expect(ops.matmul(a, tensor([1, 1])).toArray()).toEqual([3, 7]);
    expect(ops.matmul(tensor([1, 1]), a).toArray()).toEqual([4, 6]);
    const b = arange(8).reshape(2, 2, 2);
    expect(ops.matmul(b, a).shape).toEqual([2, 2, 2]);
    expect(ops.matmul(b, a).toArray()).toEqual([
      [
        [3, 4],
        [11, 16],
      ],
      [
        [19, 28],
        [27, 40],
      ],
    ]);
  });
  it('permute/transpose/narrow/indexSelect/concat/stack/split', () => {
    const x = arange(6).reshape(2, 3);
    expect(x.T.toArray()).toEqual([
      [0, 3],
      [1, 4],
      [2, 5],
    ]);
    expect(x.narrow(1, 1, 2).toArray()).toEqual([
      [1, 2],
      [4, 5],
    ]);
    expect(x.indexSelect(1, [2, 0]).toArray()).toEqual([
      [2, 0],
      [5, 3],
    ]);
    expect(ops.concat([x, x], 0).shape).toEqual([4, 3]);
    expect(ops.stack([x, x], 1).shape).toEqual([2, 2, 3]);
    expect(x.split(2, 1).map((t) => t.shape)).toEqual([
      [2, 2],
      [2, 1],
    ]);
    expect(x.chunk(3, 1).length).toBe(3);
  });
  it('where and clamp', () => {
    const x = tensor([-2, 0, 2]);
    expect(ops.where(ops.gt(x, 0), x, 0).toArray()).toEqual([0, 0, 2]);
    expect(x.clamp(-1, 1).toArray()).toEqual([-1, 0, 1]);
    expect(tensor([NaN]).clamp(0, 1).item()).toBeNaN();
  });
  it('erf matches reference values', () => {
    const x = tensor([-3, -0.5, 0, 0.5, 1, 3], { dtype: 'float64' });
    const expected = [
      -0.9999779095030014, -0.5204998778130465, 0, 0.5204998778130465, 0.8427007929497149, 0.9999779095030014,
    ];
    Array.from(ops.erf(x).data).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 15));
  });
  it('prints like torch', () => {
    expect(
      tensor([
        [1, 2],
        [3, 4],
      ]).toString(),
    ).toBe('tensor([[1., 2.],\n        [3., 4.]])');
    expect(tensor([0.5, -1.25], { requiresGrad: true }).toString()).toBe(
      'tensor([ 0.5000, -1.2500], requiresGrad=true)',
    );
    expect(tensor([1, 2], { dtype: 'int32' }).toString()).toBe('tensor([1, 2], dtype=int32)');
    expect(arange(2000).toString()).toContain('...');
  });
});

describe('errors name the op, the shapes or values, and what was expected', () => {
  it('shape mismatches', () => {
    expect(() => ops.add(tensor([1, 2, 3]), tensor([1, 2]))).toThrow(
      'add: shapes [3] and [2] cannot be broadcast (dimension 0: 3 vs 2)',
    );
    expect(() => ops.matmul(tensor([[1, 2]]), tensor([[1, 2]]))).toThrow(
      /matmul: shapes \[1, 2\] and \[1, 2\] cannot be multiplied \(2 vs 1\)/,
    );
    expect(() => tensor([1, 2, 3]).reshape(2, 2)).toThrow(
      /reshape: shape \[2, 2\] is invalid for input of shape \[3\]/,
    );
    expect(() => ops.concat([tensor([[1, 2]]), tensor([[1, 2, 3]])], 0)).toThrow(
      /concat: tensors\[1\] has shape \[1, 3\]/,
    );
  });
  it('out-of-range dims', () => {
    expect(() => tensor([[1, 2]]).sum(2)).toThrow(
      'sum: dim 2 is out of range for a tensor of 2 dimensions (expected -2..1)',
    );
    expect(() => tensor([1]).transpose(0, 3)).toThrow(/transpose: dim 3 is out of range/);
    expect(() => tensor([1, 2]).narrow(0, 1, 5)).toThrow(/narrow: start 1 and length 5 do not fit/);
    expect(() => tensor([1, 2]).indexSelect(0, [3])).toThrow(/index 3 \(position 0\) is out of range/);
  });
  it('wrong dtypes and non-finite options', () => {
    expect(() => tensor([1, 2], { dtype: 'int32' }).exp()).toThrow(
      "exp: expected a float32 or float64 tensor, got int32 (convert with .to('float32'))",
    );
    expect(() => tensor([1]).clamp(NaN, 1)).toThrow(/clamp: min must be a number, got NaN/);
    expect(() => ops.add(1 as never, 2 as never)).toThrow(/at least one operand must be a Tensor/);
    expect(() => tensor([1, 2]).item()).toThrow(/item: tensor of shape \[2\] has 2 elements, expected 1/);
  });
});

describe('mm backward', () => {
  // A first layer's data takes no gradient, nor do an attack's frozen weights: their products
  // are skipped (13% of an MLP training step, bench/profile.ts), the others stay exact.
  it('computes only the gradients of operands that require one', () => {
    const backend = getBackend('float32');
    const spy = vi.spyOn(backend, 'matmul');
    try {
      const x = tensor([
        [1, 2],
        [3, 4],
      ]);
      const w = tensor(
        [
          [1, 0],
          [0, 1],
          [1, 1],
        ],
        { requiresGrad: true },
      );
      ops.mm(x, w, { transB: true }).sum().backward();
      expect(spy).toHaveBeenCalledTimes(2); // forward, dW
      expect(w.grad!.toArray()).toEqual([
        [4, 6],
        [4, 6],
        [4, 6],
      ]);
      expect(x.grad).toBeNull();

      spy.mockClear();
      const xg = x.detach().requiresGrad_();
      ops.mm(xg, w.detach(), { transB: true }).sum().backward();
      expect(spy).toHaveBeenCalledTimes(2); // forward, dX
      expect(xg.grad!.toArray()).toEqual([
        [2, 2],
        [2, 2],
      ]);

      spy.mockClear();
      const xb = x.detach().requiresGrad_();
      const wb = w.detach().requiresGrad_();
      ops.mm(xb, wb, { transB: true }).sum().backward();
      expect(spy).toHaveBeenCalledTimes(3);
      expect(xb.grad!.toArray()).toEqual([
        [2, 2],
        [2, 2],
      ]);
    } finally {
      spy.mockRestore();
    }
  });
});
