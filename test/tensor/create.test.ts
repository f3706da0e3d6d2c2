import { describe, expect, it } from 'vitest';
import {
  arange,
  full,
  linspace,
  ones,
  rand,
  randint,
  randn,
  tensor,
  zeros,
  manualSeed,
  Generator,
} from '../../src/index.js';

describe('tensor()', () => {
  it('takes flat data with a shape, float32 by default', () => {
    const t = tensor([1, 2, 3, 4, 5, 6], { shape: [2, 3] });
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(t.data).toBeInstanceOf(Float32Array);
    expect(t.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });
  it('takes nested arrays, typed arrays and scalars', () => {
    expect(
      tensor([
        [1, 2],
        [3, 4],
      ]).shape,
    ).toEqual([2, 2]);
    expect(tensor(new Float64Array([1, 2]), { dtype: 'float64' }).data).toBeInstanceOf(Float64Array);
    const s = tensor(5);
    expect(s.shape).toEqual([]);
    expect(s.item()).toBe(5);
  });
  it('rounds to float32 on the way in', () => {
    expect(tensor([0.1]).data[0]).toBe(Math.fround(0.1));
    expect(tensor([0.1], { dtype: 'float64' }).data[0]).toBe(0.1);
  });
  it('rejects data that does not fill the shape, ragged arrays, bad dtypes and grad on int32', () => {
    expect(() => tensor([1, 2, 3], { shape: [2, 2] })).toThrow(/3 values cannot fill shape \[2, 2\]/);
    expect(() => tensor([[1, 2], [3]])).toThrow(/not rectangular/);
    expect(() => tensor([1], { dtype: 'float16' as never })).toThrow(/unknown dtype "float16"/);
    expect(() => tensor([1, 2], { dtype: 'int32', requiresGrad: true })).toThrow(/only float tensors/);
    expect(() => tensor([1.5], { dtype: 'int32' })).toThrow(/not an integer/);
    expect(() => tensor([1], { shape: [-1] })).toThrow(/non-negative integers/);
  });
});

describe('filled and ranged tensors', () => {
  it('zeros/ones/full', () => {
    expect(Array.from(zeros([2, 2]).data)).toEqual([0, 0, 0, 0]);
    expect(Array.from(ones([3], { dtype: 'float64' }).data)).toEqual([1, 1, 1]);
    expect(Array.from(full([2], 7, { dtype: 'int32' }).data)).toEqual([7, 7]);
  });
  it('arange and linspace follow torch', () => {
    expect(Array.from(arange(5).data)).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(arange(1, 2, 0.25, { dtype: 'float64' }).data)).toEqual([1, 1.25, 1.5, 1.75]);
    const l = linspace(-1, 1, 5, { dtype: 'float64' });
    expect(Array.from(l.data)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(linspace(0, 0.3, 7, { dtype: 'float64' }).data[6]).toBe(0.3);
    expect(() => arange(0, 1, 0)).toThrow(/step non-zero/);
  });
});

describe('seeded randomness', () => {
  it('same seed → same numbers; different seed → different numbers', () => {
    manualSeed(123);
    const a = randn([100]);
    manualSeed(123);
    const b = randn([100]);
    manualSeed(124);
    const c = randn([100]);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(a.data)).not.toEqual(Array.from(c.data));
  });
  it('is pinned: the first numbers of seed 0 never change across machines or releases', () => {
    const g = new Generator(0);
    // Integer-only arithmetic: these values are the contract of manualSeed(0).
    expect([g.nextUint32(), g.nextUint32(), g.nextUint32()]).toEqual([3809008728, 1133695204, 53579671]);
    const h = new Generator(0);
    expect(h.random()).toBe(0.8868539502021594);
    expect(h.normal()).toBeCloseTo(0.15515494922892145, 15);
  });
  it('has the right moments', () => {
    manualSeed(7);
    const n = randn([20000], { dtype: 'float64' });
    const mean = n.mean().item();
    const std = Math.sqrt(n.sub(mean).square().mean().item());
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(std - 1)).toBeLessThan(0.03);
    const u = rand([20000], { dtype: 'float64' });
    expect(u.min().item()).toBeGreaterThanOrEqual(0);
    expect(u.max().item()).toBeLessThan(1);
    expect(Math.abs(u.mean().item() - 0.5)).toBeLessThan(0.01);
  });
  it('randint draws int32 in [low, high)', () => {
    const r = randint(-2, 3, [1000], { generator: new Generator(1) });
    expect(r.dtype).toBe('int32');
    const values = new Set(Array.from(r.data));
    expect([...values].sort()).toEqual([-1, -2, 0, 1, 2].sort());
    expect(() => randint(3, 3, [1])).toThrow(/low < high/);
  });
  it('explicit generators are independent of the default one', () => {
    const g1 = new Generator(5);
    const g2 = new Generator(5);
    manualSeed(99);
    expect(Array.from(rand([4], { generator: g1 }).data)).toEqual(Array.from(rand([4], { generator: g2 }).data));
  });
});
