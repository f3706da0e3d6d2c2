import { describe, expect, it } from 'vitest';
import { noGrad, enableGrad, ones, tensor, ops } from '../../src/index.js';

describe('backward', () => {
  it('follows the public API of DESIGN §3: tensor, backward, .grad, .data, sum, mean', () => {
    const x = tensor([1, 2, 3, 4, 5, 6], { shape: [2, 3], requiresGrad: true });
    const y = x.mul(x).mean();
    expect(y.shape).toEqual([]);
    y.backward();
    expect(x.grad!.data).toBeInstanceOf(Float32Array);
    Array.from(x.grad!.data).forEach((g, i) => expect(g).toBeCloseTo((2 * (i + 1)) / 6, 6));
  });
  it('needs an upstream gradient for non-scalar outputs, of the output shape', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const y = x.mul(2);
    expect(() => y.backward()).toThrow(/only for scalar outputs; the output has shape \[3\]/);
    expect(() => y.backward(ones([2]))).toThrow(/upstream gradient has shape \[2\], expected the output's shape \[3\]/);
    y.backward(tensor([1, 10, 100]));
    expect(Array.from(x.grad!.data)).toEqual([2, 20, 200]);
  });
  it('accumulates into .grad across calls, as torch', () => {
    const x = tensor([3], { requiresGrad: true });
    x.mul(x).sum().backward();
    x.mul(x).sum().backward();
    expect(x.grad!.data[0]).toBe(12);
  });
  it('sums gradients of a tensor used twice (diamond graph)', () => {
    const x = tensor([2], { requiresGrad: true });
    const a = x.mul(3);
    const y = a.mul(a).add(a);
    y.sum().backward();
    // y = 9x² + 3x → dy/dx = 18x + 3
    expect(x.grad!.data[0]).toBe(39);
  });
  it('throws a clear error on a tensor that does not require grad', () => {
    const x = tensor([1, 2]);
    expect(() => x.sum().backward()).toThrow(/does not require grad and has no gradFn/);
  });
  it('noGrad records nothing; enableGrad re-enables inside it; detach cuts the tape', () => {
    const x = tensor([1], { requiresGrad: true });
    const y = noGrad(() => x.mul(2));
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
    const z = noGrad(() => enableGrad(() => x.mul(2)));
    expect(z.requiresGrad).toBe(true);
    const d = x.mul(2).detach();
    expect(d.requiresGrad).toBe(false);
    expect(() =>
      noGrad(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(x.mul(2).requiresGrad).toBe(true); // mode restored after a throw
  });
  it('keeps .grad on non-leaves only after retainGrad()', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const h = x.mul(3).retainGrad();
    const k = h.mul(2);
    k.sum().backward();
    expect(Array.from(h.grad!.data)).toEqual([2, 2]);
    expect(k.grad).toBeNull();
  });
  it('handles a deep chain without recursion limits', () => {
    const x = tensor([1], { dtype: 'float64', requiresGrad: true });
    let y = x;
    for (let i = 0; i < 20000; i++) y = y.add(1);
    y.sum().backward();
    expect(x.grad!.data[0]).toBe(1);
  });
  it('promotes mixed dtypes and returns gradients in each input dtype', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3, 4], { dtype: 'float64', requiresGrad: true });
    const y = ops.mul(a, b);
    expect(y.dtype).toBe('float64');
    y.sum().backward();
    expect(a.grad!.dtype).toBe('float32');
    expect(b.grad!.dtype).toBe('float64');
  });
});
