/** The explorer's curves: f″ in closed form where the library has one, numerical otherwise, and gaps at kinks. */
import { describe, expect, it } from 'vitest';
import { getActivation } from '../../src/index.js';
import { sampleCurve, scalarCurve } from '../../web/src/explorer/curves.js';

const curve = (id: string, params = {}) => scalarCurve(getActivation(id), params, 'auto', [-4, 4]);
const at = (s: ReturnType<typeof sampleCurve>, x: number) => s.d2f[s.x.findIndex((t) => Math.abs(t - x) < 1e-9)];

describe('explorer curves', () => {
  it('draws the closed-form f″ for GELU (both forms) and the numerical one only where there is none', () => {
    const gelu = sampleCurve(curve('gelu'), -4, 4, 9);
    expect(gelu.d2fExact).toBe(true);
    const phi = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
    for (const x of [-2, 0, 1, 3]) expect(at(gelu, x)).toBeCloseTo(phi(x) * (2 - x * x), 12);
    const tanhGelu = sampleCurve(curve('gelu', { approximate: 'tanh' }), -4, 4, 9);
    expect(tanhGelu.d2fExact).toBe(true);
    // The tanh form's f″ is close to the exact one's, not equal.
    expect(Math.abs(at(tanhGelu, 1)! - phi(1))).toBeLessThan(1e-2);
    expect(at(tanhGelu, 1)).not.toBe(at(gelu, 1));

    const mish = sampleCurve(curve('mish'), -4, 4, 9);
    expect(mish.d2fExact).toBe(false);
    // Against a float64 central difference of f′ with a different step.
    const { df } = curve('mish');
    const h = 1e-3;
    expect(at(mish, 1)).toBeCloseTo((df(1 + h) - df(1 - h)) / (2 * h), 5);
  });

  it('leaves f″ out at a kink (where it does not exist) and draws it elsewhere', () => {
    const relu = sampleCurve(curve('relu'), -4, 4, 9);
    expect(relu.d2fExact).toBe(true);
    expect(at(relu, 0)).toBeNull();
    expect(at(relu, 1)).toBe(0);
    expect(at(relu, -1)).toBe(0);
    const sqrelu = sampleCurve(curve('squared_relu'), -4, 4, 9);
    expect(at(sqrelu, 2)).toBe(2);
    expect(at(sqrelu, -2)).toBe(0);
  });

  it('follows the sliders: SiLU with beta 2 has f″(0) = β/2', () => {
    const silu = sampleCurve(curve('silu', { beta: 2 }), -4, 4, 9);
    expect(at(silu, 0)).toBeCloseTo(1, 12);
  });
});
