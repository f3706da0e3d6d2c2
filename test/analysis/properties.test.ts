import { describe, expect, it } from 'vitest';
import type { DimwiseSpec, ElementwiseSpec } from '../../src/activations/define.js';
import { getActivation } from '../../src/activations/registry.js';
import { compareProperties, formatProperty, mismatches, propertyVerdict } from '../../src/analysis/check.js';
import { findJumps, measureProperties, type ScalarActivation } from '../../src/analysis/properties.js';
import { measureVectorProperties } from '../../src/analysis/vector-properties.js';

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

  it("says 'unclear' when f′ is still decaying at the far probes, instead of guessing", () => {
    // f′ = 1/(1 + |x|): 0.0099 at 100, 1e-4 at 1e4 — it does vanish, slowly.
    const slow: ScalarActivation = {
      f: (x) => Math.sign(x) * Math.log1p(Math.abs(x)),
      df: (x) => 1 / (1 + Math.abs(x)),
    };
    expect(measureProperties(slow)).toMatchObject({ saturatesLeft: 'unclear', saturatesRight: 'unclear' });
    expect(measureProperties(sigmoid)).toMatchObject({ saturatesLeft: true, saturatesRight: true });
  });

  it("self-gating: SiLU's gate f/x runs from 0 to 1; ReLU's and tanh's do not qualify", () => {
    expect(measureProperties(silu).selfGated).toBe(true);
    expect(measureProperties(relu).selfGated).toBe(false); // the gate is 0 or 1, never strictly inside
    expect(measureProperties(tanh).selfGated).toBe(false); // tanh(x)/x → 0 on both sides
  });

  it('measures a spec at its defaults, or at given parameters', () => {
    const lrelu = getActivation('leaky_relu') as ElementwiseSpec;
    expect(measureProperties(lrelu).boundedBelow).toBe(false);
    expect(measureProperties(lrelu, { params: { negativeSlope: 0 } }).boundedBelow).toBe(true);
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

describe('measureVectorProperties', () => {
  it('softmax rows sum to 1 and ignore shifts; GLU does neither; maxout has kinks', () => {
    const softmax = measureVectorProperties(getActivation('softmax') as DimwiseSpec);
    expect(softmax).toMatchObject({ sumsToOne: true, shiftInvariant: true, smoothness: 'Cinf', range: [0, 1] });
    const glu = measureVectorProperties(getActivation('glu') as DimwiseSpec);
    expect(glu).toMatchObject({ sumsToOne: false, shiftInvariant: false, boundedBelow: false });
    expect(measureVectorProperties(getActivation('maxout') as DimwiseSpec).smoothness).toBe('C0');
  });
});

describe('checks: declared against measured', () => {
  it('gives one verdict per property: agrees, differs, unclear, undeclared, unmeasured', () => {
    expect(propertyVerdict([0, Infinity], [0, Infinity])).toBe('agrees');
    expect(propertyVerdict([0, 1], [0, 1.00005])).toBe('agrees'); // ranges to 1e-4
    expect(propertyVerdict([0, 1], [0, 1.001])).toBe('differs');
    expect(propertyVerdict(true, 'unclear')).toBe('unclear');
    expect(propertyVerdict(undefined, true)).toBe('undeclared');
    expect(propertyVerdict('elementary', undefined)).toBe('unmeasured');
    const checks = compareProperties({ monotonic: 'decreasing', boundedBelow: true }, measureProperties(relu));
    expect(mismatches(checks).map((c) => c.label)).toEqual(['monotonic']);
    expect(checks.map((c) => c.property)).toContain('selfGated');
  });

  it('writes values as people read them', () => {
    expect([true, false, 'Cinf', undefined, [0, Infinity]].map(formatProperty)).toEqual([
      'yes',
      'no',
      'C∞',
      '—',
      '[0, ∞)',
    ]);
  });
});
