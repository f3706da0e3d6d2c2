import { describe, expect, it } from 'vitest';
import { findJumps, measureProperties, type ScalarActivation } from '../../src/analysis/properties.js';

// Hand-written references, independent of the activation catalog.
const sig = (x: number): number => 1 / (1 + Math.exp(-x));
const relu: ScalarActivation = { f: (x) => Math.max(0, x), df: (x) => (x > 0 ? 1 : 0) };
const sigmoid: ScalarActivation = { f: sig, df: (x) => sig(x) * (1 - sig(x)) };
const tanh: ScalarActivation = { f: Math.tanh, df: (x) => 1 - Math.tanh(x) ** 2 };
const elu: ScalarActivation = { f: (x) => (x > 0 ? x : Math.expm1(x)), df: (x) => (x > 0 ? 1 : Math.exp(x)) };
const silu: ScalarActivation = { f: (x) => x * sig(x), df: (x) => sig(x) * (1 + x * (1 - sig(x))) };
const hardshrink: ScalarActivation = { f: (x) => (Math.abs(x) > 0.5 ? x : 0), df: (x) => (Math.abs(x) > 0.5 ? 1 : 0) };
const relu6: ScalarActivation = { f: (x) => Math.min(6, Math.max(0, x)), df: (x) => (x > 0 && x < 6 ? 1 : 0) };
const softsign: ScalarActivation = { f: (x) => x / (1 + Math.abs(x)), df: (x) => 1 / (1 + Math.abs(x)) ** 2 };

describe('measureProperties', () => {
  it('ReLU: [0, ∞), non-decreasing, kink at 0, saturates left only', () => {
    const p = measureProperties(relu);
    expect(p.range).toEqual([0, Infinity]);
    expect(p).toMatchObject({
      boundedBelow: true,
      boundedAbove: false,
      monotonic: 'increasing',
      strictlyMonotonic: false,
      derivativeMonotonic: true,
      smoothness: 'C0',
      kinks: [0],
      zeroCentred: false,
      identityNearZero: false,
      saturatesLeft: true,
      saturatesRight: false,
    });
  });

  it('sigmoid and tanh: bounded, increasing, smooth; only tanh is zero-centred and ≈ identity near 0', () => {
    const s = measureProperties(sigmoid);
    const t = measureProperties(tanh);
    expect(s.range).toEqual([0, 1]);
    expect(t.range).toEqual([-1, 1]);
    for (const p of [s, t]) {
      expect(p).toMatchObject({
        monotonic: 'increasing',
        strictlyMonotonic: true,
        derivativeMonotonic: false,
        smoothness: 'Cinf',
        saturatesLeft: true,
        saturatesRight: true,
      });
    }
    expect([s.zeroCentred, t.zeroCentred]).toEqual([false, true]);
    expect([s.identityNearZero, t.identityNearZero]).toEqual([false, true]);
    expect(s.derivativeRange[1]).toBeCloseTo(0.25, 6);
  });

  it('ELU (α = 1) is C1: f′ is continuous at 0 but f″ jumps', () => {
    const p = measureProperties(elu);
    expect(p.smoothness).toBe('C1');
    expect(p.kinks).toEqual([]);
    expect(p.range[0]).toBeCloseTo(-1, 6);
    expect(p.identityNearZero).toBe(true);
  });

  it('zero-centred means odd symmetry; the Gaussian mean is reported beside it', () => {
    const p = measureProperties(elu);
    expect(p.zeroCentred).toBe(false);
    expect(p.gaussianMean).toBeCloseTo(0.1603, 3);
    expect(measureProperties(relu).gaussianSecondMoment).toBeCloseTo(0.5, 6);
  });

  it('SiLU is smooth but not monotonic, with a negative dip', () => {
    const p = measureProperties(silu);
    expect(p.monotonic).toBe(false);
    expect(p.smoothness).toBe('Cinf');
    expect(p.range[0]).toBeCloseTo(-0.278465, 5);
    expect(p.derivativeRange[0]).toBeLessThan(0);
  });

  it('finds the jumps of hardshrink and both kinks of ReLU6', () => {
    expect(measureProperties(hardshrink)).toMatchObject({
      smoothness: 'discontinuous',
      discontinuities: [-0.5, 0.5],
      zeroCentred: true,
    });
    expect(measureProperties(relu6)).toMatchObject({ kinks: [0, 6], range: [0, 6], derivativeMonotonic: false });
  });

  it('finds the limits of a slowly saturating function (softsign → ±1), and its f″ jump', () => {
    const p = measureProperties(softsign);
    expect(p.range).toEqual([-1, 1]);
    expect(p.smoothness).toBe('C1');
  });

  it('checks f′ against f: a wrong derivative shows a large error', () => {
    expect(measureProperties(tanh).derivativeError).toBeLessThan(1e-6);
    expect(measureProperties({ f: Math.tanh, df: (x) => 1 - Math.tanh(x) }).derivativeError).toBeGreaterThan(0.1);
  });

  it('rejects bad grids', () => {
    expect(() => measureProperties(relu, { points: 10 })).toThrow(/points an integer ≥ 101/);
  });
});

describe('findJumps', () => {
  it('tells a jump from a steep continuous slope', () => {
    const xs = Float64Array.from({ length: 2001 }, (_, i) => -1 + i / 1000);
    expect(findJumps((x) => (x > 0.25 ? 1 : 0), xs, 1e-6)).toEqual([0.25]);
    expect(findJumps((x) => Math.tanh(1000 * x), xs, 1e-6)).toEqual([]);
  });
});
