/**
 * An activation as scalar curves for the chart: f, f′ from the spec (elementwise), or the first
 * output of a dim-wise activation along a 2-entry slice with its directional derivative from the
 * spec's vector–Jacobian product; f″ in closed form where the library has one
 * (analysis.secondDerivative's table), else numerically from f′ — either way with gaps where f′
 * jumps (a kink of f, where f″ does not exist) instead of a spike of height 1/h.
 */
import type { ActivationSpec, Kink } from '../lib.js';
import { analysis, paramDefaults } from '../lib.js';
import type { ParamSettings, SliceName } from '../state/explorer.js';

export interface ScalarCurve {
  f(x: number): number;
  df(x: number): number;
  /** f″ in closed form; absent: f″ is a central difference of f′. */
  d2f?: (x: number) => number;
  /** How the curve relates to the spec (elementwise: empty; dim-wise: which slice). */
  note: string;
  kinks: readonly Kink[];
}

export interface Samples {
  x: Float64Array;
  f: (number | null)[];
  df: (number | null)[];
  d2f: (number | null)[];
  /** Whether f″ is the closed form (else numerical, from f′). */
  d2fExact: boolean;
}

/** Every parameter's value: the spec's defaults with the settings applied. */
export const paramValues = (spec: ActivationSpec, settings: ParamSettings): Record<string, number | string> => ({
  ...(paramDefaults(spec.params) as Record<string, number | string>),
  ...Object.fromEntries(Object.entries(settings).filter(([k]) => k in spec.params)),
});

/** A dim-wise activation's first output along x ↦ (x, 0) or x ↦ (x, x). */
function sliceCurve(
  spec: ActivationSpec & { kind: 'dimwise' },
  p: Record<string, number | string>,
  slice: 'x0' | 'xx',
): ScalarCurve {
  const dir = slice === 'x0' ? [1, 0] : [1, 1];
  const row = (x: number): number[] => (slice === 'x0' ? [x, 0] : [x, x]);
  const f = (x: number): number => spec.fRow(row(x), p as never)[0]!;
  const df = (x: number): number => {
    const r = row(x);
    const out = spec.fRow(r, p as never);
    const gy = out.map((_, i) => (i === 0 ? 1 : 0));
    return spec.vjpRow(r, gy, p as never).reduce((s, g, k) => s + g * dir[k]!, 0);
  };
  return { f, df, note: `first output on the slice ${slice === 'x0' ? '(x, 0)' : '(x, x)'}`, kinks: [] };
}

/** The spread of a curve's values over [lo, hi] (picks the slice that shows a dim-wise activation best). */
function spread(f: (x: number) => number, lo: number, hi: number): number {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i <= 64; i++) {
    const v = f(lo + ((hi - lo) * i) / 64);
    if (Number.isFinite(v)) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  return max > min ? max - min : 0;
}

/** The scalar view of any registered activation at the given parameters. */
export function scalarCurve(
  spec: ActivationSpec,
  settings: ParamSettings,
  slice: SliceName,
  range: [number, number],
): ScalarCurve {
  const p = paramValues(spec, settings);
  if (spec.kind === 'elementwise') {
    const second = analysis.secondDerivative(spec, p);
    return {
      f: (x) => spec.f(x, p as never),
      df: (x) => spec.df(x, p as never),
      ...(second.exact ? { d2f: second.d2f } : {}),
      note: '',
      kinks: spec.kinks(p as never),
    };
  }
  if (slice !== 'auto') return sliceCurve(spec, p, slice);
  const a = sliceCurve(spec, p, 'x0');
  const b = sliceCurve(spec, p, 'xx');
  return spread(b.f, ...range) > spread(a.f, ...range) * 1.01 ? b : a;
}

/** A finite value or null (uPlot draws null as a gap). */
const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * Samples f, f′ and f″ at `n` points of [lo, hi]. f″ is the closed form where the curve has one,
 * else the central difference of f′ with h = 1e-4·max(1, |x|); where f′ changes by more than 1e-3
 * across 2h it jumps (a kink of f), and f″ is left out there.
 */
export function sampleCurve(c: ScalarCurve, lo: number, hi: number, n = 801): Samples {
  const x = Float64Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
  const d2 = (t: number): number | null => {
    const h = 1e-4 * Math.max(1, Math.abs(t));
    const a = c.df(t - h);
    const b = c.df(t + h);
    if (Math.abs(b - a) > 1e-3 && Math.abs(b - a) / (2 * h) > 1e3) return null;
    return finite(c.d2f ? c.d2f(t) : (b - a) / (2 * h));
  };
  return {
    x,
    f: Array.from(x, (t) => finite(c.f(t))),
    df: Array.from(x, (t) => finite(c.df(t))),
    d2f: Array.from(x, d2),
    d2fExact: c.d2f !== undefined,
  };
}

export interface Zone {
  from: number;
  to: number;
  kind: 'dead' | 'saturated';
}

/** |f′| below this counts as saturated. */
export const SATURATION = 0.02;

/**
 * Where gradients vanish over the sampled range: dead (f′ exactly 0: no gradient at all, as ReLU
 * left of 0 or hardshrink inside ±λ) and saturated (0 < |f′| < 0.02 out to the edge of the range,
 * as sigmoid's tails — a stationary point such as GELU's minimum is not a saturation).
 */
export function zones(s: Samples): Zone[] {
  const out: Zone[] = [];
  const kindAt = (i: number): Zone['kind'] | null => {
    const d = s.df[i];
    if (d === null || d === undefined) return null;
    return d === 0 ? 'dead' : Math.abs(d) < SATURATION ? 'saturated' : null;
  };
  let start = 0;
  let current = kindAt(0);
  for (let i = 1; i <= s.x.length; i++) {
    const k = i < s.x.length ? kindAt(i) : null;
    if (k !== current || i === s.x.length) {
      const toEdge = start === 0 || i === s.x.length;
      if (current !== null && i - 1 > start && (current === 'dead' || toEdge)) {
        out.push({ from: s.x[start]!, to: s.x[i - 1]!, kind: current });
      }
      start = i;
      current = k;
    }
  }
  return out;
}
