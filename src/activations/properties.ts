/**
 * Numerical checks of the declared properties: each one is measured on dense grids of the
 * scalar reference (at the default parameters) and compared with the claim, so a wrong claim
 * — in either direction — fails. Smoothness is read off finite differences: a jump in f shows
 * in first differences, a kink (jump in f′) in second ones, a jump in f″ in third ones.
 */
import { Generator } from '../tensor/random.js';
import type {
  ActivationSpec,
  DimwiseSpec,
  ElementwiseSpec,
  ScalarProperties,
  Smoothness,
  VectorProperties,
} from './define.js';
import { paramDefaults } from './params.js';

export interface PropertyCheck {
  property: keyof ScalarProperties | keyof VectorProperties;
  declared: unknown;
  /** What the grids show, in the declared property's terms. */
  measured: unknown;
  ok: boolean;
}

/** Evenly spaced points lo, lo + h, … up to hi, shifted by `offset` so kinks need not land on them. */
function grid(lo: number, hi: number, h: number, offset = 0): Float64Array {
  const n = Math.floor((hi - lo) / h) + 1;
  return Float64Array.from({ length: n }, (_, i) => lo + (i + offset) * h);
}

const WIDE = Float64Array.from([-1e6, -1e5, -1e4, -1e3, -100, ...grid(-50, 50, 1e-3), 100, 1e3, 1e4, 1e5, 1e6]);
const FAR_LEFT = [-1e4, -12345.6, -54321.7, -1e5, -1e6];
const FAR_RIGHT = FAR_LEFT.map((x) => -x);
const STEP = 1e-4;

/** Smoothness class of samples v(t₀ + i·STEP): first, second and third differences against thresholds. */
export function smoothnessOf(v: Float64Array): Smoothness {
  let d1 = 0;
  let d2 = 0;
  let d3 = 0;
  for (let i = 0; i + 3 < v.length; i++) {
    const a = v[i + 1]! - v[i]!;
    const b = v[i + 2]! - v[i + 1]!;
    const c = v[i + 3]! - v[i + 2]!;
    d1 = Math.max(d1, Math.abs(a));
    d2 = Math.max(d2, Math.abs(b - a));
    d3 = Math.max(d3, Math.abs(c - 2 * b + a));
  }
  // Smooth f with |f′|, |f″|, |f‴| ≤ 100 stays below h·100, h²·100, h³·100; a jump J, a kink K
  // or a jump J₂ in f″ shows as about J, K·h and J₂·h²/2.
  if (d1 > 1e-2) return 'discontinuous';
  if (d2 > 1e-6) return 'C0';
  if (d3 > 1e-10) return 'C1';
  return 'Cinf';
}

const monotonicOf = (v: ArrayLike<number>): 'increasing' | 'decreasing' | false => {
  let up = true;
  let down = true;
  for (let i = 0; i + 1 < v.length; i++) {
    const tol = 1e-12 * Math.max(1, Math.abs(v[i]!));
    if (v[i + 1]! < v[i]! - tol) up = false;
    if (v[i + 1]! > v[i]! + tol) down = false;
  }
  return up ? 'increasing' : down ? 'decreasing' : false;
};

/** Measured [inf, sup]: the extremes seen, or ±Infinity when values run past ∓1e3 (unbounded). */
function rangeOf(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    lo = Math.min(lo, values[i]!);
    hi = Math.max(hi, values[i]!);
  }
  return [lo < -1e3 ? -Infinity : lo, hi > 1e3 ? Infinity : hi];
}

/**
 * Whether a declared property value matches the measured one: ranges to 1e-5 (relative to
 * max(1, |bound|); the grids resolve extremes far better), everything else exactly.
 */
export function propertyAgrees(declared: unknown, measured: unknown): boolean {
  if (Array.isArray(declared) && Array.isArray(measured)) {
    return (
      declared.length === 2 &&
      declared.every((d: number, i) => {
        const m = measured[i] as number;
        return d === m || Math.abs(d - m) <= 1e-5 * Math.max(1, Math.abs(d));
      })
    );
  }
  return declared === measured;
}

function measureElementwise(spec: ElementwiseSpec): Record<keyof ScalarProperties, unknown> {
  const p = paramDefaults(spec.params);
  const f = (x: number) => spec.f(x, p);
  const df = (x: number) => spec.df(x, p);
  const y = WIDE.map(f);
  const dy = WIDE.map(df);
  const range = rangeOf(y);
  const gate = WIDE.map((x, i) => y[i]! / x);
  const inside = WIDE.every((x, i) => x === 0 || (gate[i]! >= -1e-9 && gate[i]! <= 1 + 1e-9));
  const strict = WIDE.every((x, i) => Math.abs(x) < 0.1 || Math.abs(x) > 2 || (gate[i]! > 1e-9 && gate[i]! < 1 - 1e-9));
  const h = 1e-6;
  const maxAbs = (xs: readonly number[]) => Math.max(...xs.map((x) => Math.abs(df(x))));
  const saturates = (xs: readonly number[]) => (maxAbs(xs) <= 1e-6 ? true : maxAbs(xs) > 1e-3 ? false : 'unclear');
  return {
    range,
    boundedAbove: Number.isFinite(range[1]),
    boundedBelow: Number.isFinite(range[0]),
    monotonic: monotonicOf(y),
    derivativeMonotonic: monotonicOf(dy) !== false,
    smoothness: smoothnessOf(grid(-8, 8, STEP, 0.37).map(f)),
    zeroCentred: WIDE.every((x, i) => Math.abs(y[i]! + f(-x)) <= 1e-12 * Math.max(1, Math.abs(y[i]!))),
    identityNearZero:
      Math.abs(f(0)) <= 1e-12 && Math.abs((f(h) - f(0)) / h - 1) <= 1e-4 && Math.abs((f(0) - f(-h)) / h - 1) <= 1e-4,
    saturatesLeft: saturates(FAR_LEFT),
    saturatesRight: saturates(FAR_RIGHT),
    selfGated: inside && strict && f(-50) / -50 < 1e-3 && f(50) / 50 > 1 - 1e-3,
    cost: undefined, // declared, not measured
  };
}

/** Seeded random rows (even lengths, so GLU halves and maxout pairs fit), some scaled far out. */
function rows(): number[][] {
  const g = new Generator(7);
  const out: number[][] = [];
  for (const n of [2, 4, 6, 8]) {
    for (const scale of [0.5, 3, 50, 1e4]) {
      for (let r = 0; r < 6; r++) out.push(Array.from({ length: n }, () => scale * g.normal()));
    }
  }
  return out;
}

function measureVector(spec: DimwiseSpec): Record<keyof VectorProperties, unknown> {
  const p = paramDefaults(spec.params);
  const data = rows();
  const ys = data.map((x) => spec.fRow(x, p));
  const range = rangeOf(ys.flat());
  const sums = ys.map((y) => y.reduce((a, b) => a + b, 0));
  const sumsToOne = sums.every((s) => Math.abs(s - 1) <= 1e-12)
    ? true
    : sums.some((s) => Math.abs(s - 1) > 1e-3)
      ? false
      : 'unclear';
  const moderate = data.filter((x) => Math.max(...x.map(Math.abs)) < 100);
  const shifted = moderate.map((x) =>
    spec.fRow(
      x.map((v) => v + 0.37),
      p,
    ),
  );
  const shiftGap = Math.max(
    ...moderate.map((x, i) => Math.max(...spec.fRow(x, p).map((v, k) => Math.abs(v - shifted[i]![k]!)))),
  );
  // Smoothness along random lines t ↦ w·f(x₀ + t·d), t ∈ [−1, 1]: the worst class over a few lines.
  const g = new Generator(11);
  const order: Smoothness[] = ['Cinf', 'C1', 'C0', 'discontinuous'];
  let worst = 0;
  for (let line = 0; line < 6; line++) {
    const n = 6;
    const x0 = Array.from({ length: n }, () => 0.5 * g.normal());
    const dir = Array.from({ length: n }, () => g.normal());
    const w = Array.from({ length: n }, () => g.normal());
    const v = grid(-1, 1, STEP, 0.37).map((t) =>
      spec
        .fRow(
          x0.map((a, k) => a + t * dir[k]!),
          p,
        )
        .reduce((a, b, k) => a + b * w[k]!, 0),
    );
    worst = Math.max(worst, order.indexOf(smoothnessOf(v)));
  }
  return {
    range,
    boundedAbove: Number.isFinite(range[1]),
    boundedBelow: Number.isFinite(range[0]),
    smoothness: order[worst],
    sumsToOne,
    shiftInvariant: shiftGap <= 1e-9 ? true : shiftGap > 1e-6 ? false : 'unclear',
    cost: undefined, // declared, not measured
  };
}

/**
 * What the grids show for each property (at the default parameters); `cost` is declared only.
 * A value the grids cannot settle either way reads 'unclear'.
 */
export function measureProperties(
  spec: ActivationSpec,
): Partial<Record<keyof ScalarProperties | keyof VectorProperties, unknown>> {
  const measured: Partial<Record<keyof ScalarProperties | keyof VectorProperties, unknown>> =
    spec.kind === 'dimwise' ? measureVector(spec) : measureElementwise(spec);
  delete measured.cost;
  return measured;
}

/**
 * Measures every property a spec can be checked on and compares it with the declaration; a
 * missing declaration shows as `declared: undefined` (and fails).
 * @example checkProperties(getActivation('gelu')).filter((c) => !c.ok) // []
 */
export function checkProperties(spec: ActivationSpec): PropertyCheck[] {
  const declared = spec.properties as Record<string, unknown>;
  return Object.entries(measureProperties(spec)).map(([property, measured]) => ({
    property: property as PropertyCheck['property'],
    declared: declared[property],
    measured,
    ok: propertyAgrees(declared[property], measured),
  }));
}
