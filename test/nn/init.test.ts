/** Initialisers: torch's gains, fan computation, and the spread each scheme promises. */
import { describe, expect, it } from 'vitest';
import { empty } from '../../src/ops/apply.js';
import { Generator } from '../../src/tensor/random.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { init } from '../../src/nn/index.js';

const stats = (t: Tensor): { mean: number; std: number; maxAbs: number } => {
  const d = Array.from(t.data);
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const std = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length);
  return { mean, std, maxAbs: d.reduce((m, v) => Math.max(m, Math.abs(v)), 0) };
};
const opts = { generator: new Generator(0) };

describe('init', () => {
  it("calculateGain follows torch's table", () => {
    expect(init.calculateGain('linear')).toBe(1);
    expect(init.calculateGain('conv2d')).toBe(1);
    expect(init.calculateGain('sigmoid')).toBe(1);
    expect(init.calculateGain('tanh')).toBeCloseTo(5 / 3, 15);
    expect(init.calculateGain('relu')).toBeCloseTo(Math.SQRT2, 15);
    expect(init.calculateGain('leaky_relu')).toBeCloseTo(Math.sqrt(2 / (1 + 0.01 ** 2)), 15);
    expect(init.calculateGain('leaky_relu', 0.2)).toBeCloseTo(Math.sqrt(2 / 1.04), 15);
    expect(init.calculateGain('selu')).toBe(0.75);
    expect(() => init.calculateGain('gelu' as never)).toThrow(
      /unsupported nonlinearity "gelu" \(expected one of linear/,
    );
  });
  it('computes fans of linear and conv weights', () => {
    expect(init.computeFans(empty([256, 784], 'float32'))).toEqual({ fanIn: 784, fanOut: 256 });
    expect(init.computeFans(empty([32, 16, 3, 3], 'float32'))).toEqual({ fanIn: 144, fanOut: 288 });
    expect(() => init.computeFans(empty([5], 'float32'))).toThrow(/at least 2 dimensions/);
  });
  it('Xavier, Kaiming and LeCun give their variances', () => {
    const w = empty([400, 600], 'float64');
    expect(stats(init.xavierUniform_(w, 1, opts)).std).toBeCloseTo(Math.sqrt(2 / 1000), 3);
    expect(stats(init.xavierUniform_(w, 1, opts)).maxAbs).toBeLessThanOrEqual(Math.sqrt(6 / 1000));
    expect(stats(init.xavierNormal_(w, 2, opts)).std).toBeCloseTo(2 * Math.sqrt(2 / 1000), 3);
    expect(stats(init.kaimingNormal_(w, { ...opts, nonlinearity: 'relu' })).std).toBeCloseTo(Math.sqrt(2 / 600), 3);
    expect(stats(init.kaimingUniform_(w, { ...opts, nonlinearity: 'relu', mode: 'fan_out' })).std).toBeCloseTo(
      Math.sqrt(2 / 400),
      3,
    );
    expect(stats(init.lecunNormal_(w, opts)).std).toBeCloseTo(Math.sqrt(1 / 600), 3);
    expect(() => init.kaimingNormal_(w, { mode: 'fanIn' as never })).toThrow(/mode must be 'fan_in' or 'fan_out'/);
  });
  it('uniform, normal and constants', () => {
    const w = empty([10000], 'float64');
    const u = stats(init.uniform_(w, -2, 2, opts));
    expect(u.maxAbs).toBeLessThanOrEqual(2);
    expect(u.std).toBeCloseTo(4 / Math.sqrt(12), 1);
    expect(stats(init.normal_(w, 3, 0.5, opts)).mean).toBeCloseTo(3, 1);
    expect(Array.from(init.constant_(empty([3], 'float32'), 0.5).data)).toEqual([0.5, 0.5, 0.5]);
  });
});
