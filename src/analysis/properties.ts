/**
 * The property engine: properties of an activation measured numerically from its scalar
 * reference f and f′ (or, for a dim-wise one, its row function; vector-properties.ts) — never
 * read from the declaration — so check.ts can hold each declared property against the function
 * itself. `actlab show`, docs/activations.md and the registry-wide test all use it.
 *
 * Everything is sampled on a dense grid over [-span, span] plus far-out probes (±1e2 … ±1e8) for
 * limits. Jumps are told from steep slopes by bisection: a jump keeps its size however narrow
 * the bracket, a steep but continuous function does not. A property the probes cannot settle
 * either way (a derivative still decaying at ±1e4) reads 'unclear'.
 */
import { gaussianExpectation } from '../util/gaussian.js';
import type { ElementwiseSpec, Smoothness } from '../activations/define.js';
import { paramDefaults } from '../activations/params.js';

export type { Smoothness };

/** A scalar function with its derivative, parameters already bound. */
export interface ScalarActivation {
  f(x: number): number;
  df(x: number): number;
}

/** What the probes show when they cannot settle a yes/no property. */
export type Unclear = 'unclear';

type Direction = 'increasing' | 'decreasing' | 'non-decreasing' | 'non-increasing' | 'none';

/** What {@link measureProperties} finds. */
export interface MeasuredProperties {
  /** Observed range of f: finite ends are the extreme values seen, ±Infinity when f grows without bound. */
  range: [number, number];
  boundedBelow: boolean;
  boundedAbove: boolean;
  /** Non-strict, as specs declare it: 'increasing' means f(a) ≤ f(b) for a < b. */
  monotonic: 'increasing' | 'decreasing' | false;
  /** Strictly monotonic on the grid (no flat part): sigmoid yes, ReLU no. */
  strictlyMonotonic: boolean;
  /** f′ is monotonic (ReLU, ELU: yes; sigmoid, GELU: no). */
  derivativeMonotonic: boolean;
  /** 'Cinf' is what a C∞ function looks like numerically: no jump in f, f′ or f″. */
  smoothness: Smoothness;
  /** Where f jumps. */
  discontinuities: number[];
  /** Where f′ jumps (kinks of f). */
  kinks: number[];
  /** Odd symmetry f(−x) = −f(x) on the grid (within 1e-9): symmetric inputs give zero-mean outputs. */
  zeroCentred: boolean;
  /** f(0) = 0 and f′(0⁻) = f′(0⁺) = 1 (within 1e-3): the function starts out as the identity. */
  identityNearZero: boolean;
  /**
   * |f′| < 1e-3 at x = −100, −1e3 and −1e4 (left) / +100… (right): gradients vanish there;
   * 'unclear' when some probes are below 1e-3 and others not (f′ still decaying, or NaN far out).
   */
  saturatesLeft: boolean | Unclear;
  saturatesRight: boolean | Unclear;
  /**
   * f(x) = x·g(x) with a gate g = f/x that stays in [0, 1], lies strictly inside it for
   * 0.1 ≤ |x| ≤ 2, and runs from ≈ 0 at x = −50 to ≈ 1 at x = +50 (SiLU, GELU, Mish…).
   */
  selfGated: boolean;
  /** Range of f′ over the grid. */
  derivativeRange: [number, number];
  /** Worst |f′ − central difference of f| / (1 + |f′|) away from jumps: checks df against f. */
  derivativeError: number;
  /** E[f(z)] and E[f(z)²] for z ~ N(0, 1): the mean output and the variance-preserving gain 1/√E[f²]. */
  gaussianMean: number;
  gaussianSecondMoment: number;
}

export interface MeasureOptions {
  /** Half-width of the dense grid (default 10). */
  span?: number;
  /** Grid points (default 20001, step 1e-3 on [-10, 10]). */
  points?: number;
  /** Parameter values, for a spec (default: the spec's defaults, at which its properties are declared). */
  params?: Readonly<Record<string, number | string>>;
}

const finite = (v: number): boolean => Number.isFinite(v);

/**
 * Bisects [l, r] towards the half with the larger change of g, down to `minWidth`; returns the
 * change left across the final bracket and its position.
 */
function refineJump(g: (x: number) => number, l: number, r: number, minWidth: number): { size: number; at: number } {
  let gl = g(l);
  let gr = g(r);
  for (let i = 0; i < 60 && r - l > Math.max(minWidth, 1e-13 * Math.abs(l)); i++) {
    const m = (l + r) / 2;
    const gm = g(m);
    if (Math.abs(gm - gl) >= Math.abs(gr - gm)) {
      r = m;
      gr = gm;
    } else {
      l = m;
      gl = gm;
    }
  }
  // Positions are reported to 1e-6: enough to name a kink, and 0 stays 0 (not 3e-14).
  const at = Math.round(((l + r) / 2) * 1e6) / 1e6;
  return { size: Math.abs(gr - gl), at: Object.is(at, -0) ? 0 : at };
}

/**
 * Points where g jumps on the grid `xs`: local maxima of |Δg| that survive bisection down to
 * `minWidth`. `tol` is the smallest jump reported, relative to (1 + |g|).
 */
export function findJumps(g: (x: number) => number, xs: Float64Array, tol: number, minWidth = 0): number[] {
  const n = xs.length;
  const gv = Float64Array.from(xs, g);
  const d = new Float64Array(n - 1);
  for (let i = 0; i < n - 1; i++) d[i] = finite(gv[i]!) && finite(gv[i + 1]!) ? Math.abs(gv[i + 1]! - gv[i]!) : 0;
  const out: number[] = [];
  for (let i = 0; i < n - 1; i++) {
    const left = i > 0 ? d[i - 1]! : 0;
    const right = i < n - 2 ? d[i + 1]! : 0;
    if (!(d[i]! > tol && d[i]! >= left && d[i]! >= right)) continue;
    const { size, at } = refineJump(g, xs[i]!, xs[i + 1]!, minWidth);
    // A jump at a grid point shows in the intervals on both sides: report it once.
    const step = xs[i + 1]! - xs[i]!;
    if (size > tol * (1 + Math.abs(gv[i]!)) && !out.some((p) => Math.abs(p - at) <= 2 * step)) out.push(at);
  }
  return out;
}

function monotonicity(values: Float64Array, tol: number): Direction {
  let up = false;
  let down = false;
  let flat = false;
  for (let i = 1; i < values.length; i++) {
    const a = values[i - 1]!;
    const b = values[i]!;
    if (!finite(a) || !finite(b)) continue;
    const scale = tol * (1 + Math.abs(a));
    if (b - a > scale) up = true;
    else if (a - b > scale) down = true;
    else flat = true;
  }
  if (up && down) return 'none';
  if (up) return flat ? 'non-decreasing' : 'increasing';
  if (down) return flat ? 'non-increasing' : 'decreasing';
  return 'non-decreasing'; // constant
}

/** Whether f keeps growing in magnitude towards ±∞ (`side` = −1 or +1) rather than levelling off. */
function unbounded(f: (x: number) => number, side: -1 | 1, dir: -1 | 1): boolean {
  // dir = −1 asks "unbounded below", +1 "unbounded above".
  const probes = [1e2, 1e3, 1e4].map((r) => dir * f(side * r));
  if (probes.some((v) => !finite(v))) return probes.some((v) => v === Infinity);
  return probes[2]! > probes[1]! + 1 && probes[1]! > probes[0]! + 1;
}

/**
 * Smoothness class of g on the grid xs, from its derivative dg: where g jumps, else where dg
 * jumps (kinks), else whether g″ (differences of dg) jumps — 'Cinf' means none was found.
 */
export function smoothnessOf(
  g: (x: number) => number,
  dg: (x: number) => number,
  xs: Float64Array,
): { smoothness: Smoothness; discontinuities: number[]; kinks: number[] } {
  const discontinuities = findJumps(g, xs, 1e-6);
  const kinks = discontinuities.length > 0 ? [] : findJumps(dg, xs, 1e-6);
  const eps = 1e-5;
  const d2 = (x: number): number => (dg(x + eps) - dg(x - eps)) / (2 * eps);
  // Second-derivative jumps (ELU at 0, softplus's switch to x) below 1e-3 are invisible in practice.
  // d2 is itself a difference over 2·eps, so bisection stops at 10·eps, where a real jump still shows whole.
  const curvatureJumps = discontinuities.length + kinks.length > 0 ? [] : findJumps(d2, xs, 1e-3, 10 * eps);
  const smoothness: Smoothness =
    discontinuities.length > 0 ? 'discontinuous' : kinks.length > 0 ? 'C0' : curvatureJumps.length > 0 ? 'C1' : 'Cinf';
  return { smoothness, discontinuities, kinks };
}

/** Whether f′ vanishes towards `side`·∞: below 1e-3 at every far probe, at none, or 'unclear'. */
function saturates(df: (x: number) => number, side: -1 | 1): boolean | Unclear {
  const small = [1e2, 1e3, 1e4].map((r) => Math.abs(df(side * r)) < 1e-3);
  return small.every(Boolean) ? true : small.some(Boolean) ? 'unclear' : false;
}

/** The gate g = f/x: in [0, 1] on the grid, strictly inside for 0.1 ≤ |x| ≤ 2, from ≈ 0 (x = −50) to ≈ 1 (x = 50). */
function selfGated(f: (x: number) => number, xs: Float64Array, fv: Float64Array): boolean {
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (x === 0) continue;
    const g = fv[i]! / x;
    if (!(g >= -1e-9 && g <= 1 + 1e-9)) return false;
    if (Math.abs(x) >= 0.1 && Math.abs(x) <= 2 && !(g > 1e-9 && g < 1 - 1e-9)) return false;
  }
  return f(-50) / -50 < 1e-3 && f(50) / 50 > 1 - 1e-3;
}

/** An elementwise spec's scalar pair at `params` (its defaults unless given). */
export function scalarOf(spec: ElementwiseSpec, params?: Readonly<Record<string, number | string>>): ScalarActivation {
  const p = { ...paramDefaults(spec.params), ...params } as never;
  return { f: (x) => spec.f(x, p), df: (x) => spec.df(x, p) };
}

/**
 * Measures the properties of an activation from f and f′: an elementwise spec (at its default
 * parameters, or `options.params`), or any scalar pair.
 *
 * @example measureProperties({ f: (x) => Math.max(0, x), df: (x) => (x > 0 ? 1 : 0) }).kinks // [0]
 * @example measureProperties(getActivation('gelu') as ElementwiseSpec).selfGated // true
 */
export function measureProperties(act: ScalarActivation, options?: MeasureOptions): MeasuredProperties;
export function measureProperties(act: ElementwiseSpec, options?: MeasureOptions): MeasuredProperties;
export function measureProperties(
  act: ScalarActivation | ElementwiseSpec,
  options: MeasureOptions = {},
): MeasuredProperties {
  if ('kind' in act) return measureProperties(scalarOf(act, options.params), { ...options, params: undefined });
  const span = options.span ?? 10;
  const points = options.points ?? 20001;
  if (!(span > 0) || !Number.isInteger(points) || points < 101) {
    throw new RangeError(
      `measureProperties: span must be > 0 and points an integer ≥ 101, got span ${span}, points ${points}`,
    );
  }
  const f = (x: number): number => act.f(x);
  const df = (x: number): number => act.df(x);
  // Symmetric by construction, so x = 0 (where most kinks sit) is a grid point exactly when points is odd.
  const xs = Float64Array.from({ length: points }, (_, i) => (span * (2 * i - (points - 1))) / (points - 1));
  const fv = Float64Array.from(xs, f);
  const dv = Float64Array.from(xs, df);

  const { smoothness, discontinuities, kinks } = smoothnessOf(f, df, xs);

  let lo = Infinity;
  let hi = -Infinity;
  // Far probes find the limits of bounded functions that approach them slowly (softsign → ±1).
  for (const probe of [...fv, ...[1e2, 1e4, 1e6, 1e8].flatMap((r) => [f(-r), f(r)])]) {
    if (!finite(probe)) continue;
    lo = Math.min(lo, probe);
    hi = Math.max(hi, probe);
  }
  const boundedBelow = !unbounded(f, -1, -1) && !unbounded(f, 1, -1);
  const boundedAbove = !unbounded(f, -1, 1) && !unbounded(f, 1, 1);
  const round = (v: number): number => Number(v.toPrecision(6));

  let dlo = Infinity;
  let dhi = -Infinity;
  for (const v of dv) {
    if (!finite(v)) continue;
    dlo = Math.min(dlo, v);
    dhi = Math.max(dhi, v);
  }

  // df against central differences of f, skipping a neighbourhood of every jump and kink.
  const special = [...discontinuities, ...kinks];
  let derivativeError = 0;
  const h = 1e-6;
  for (let i = 0; i < points; i += 7) {
    const x = xs[i]!;
    if (special.some((s) => Math.abs(x - s) < 1e-3)) continue;
    const fd = (f(x + h) - f(x - h)) / (2 * h);
    const err = Math.abs(dv[i]! - fd) / (1 + Math.abs(dv[i]!));
    if (finite(err)) derivativeError = Math.max(derivativeError, err);
  }

  const gaussianMean = gaussianExpectation(f);
  const gaussianSecondMoment = gaussianExpectation((z) => f(z) ** 2);
  const slopeTol = 1e-3;
  const direction = monotonicity(fv, 1e-12);
  let odd = true;
  for (let i = 0; i < points && odd; i++) {
    const a = fv[i]!;
    const b = fv[points - 1 - i]!; // f(−x): the grid is symmetric
    if (finite(a) && finite(b) && Math.abs(a + b) > 1e-9 * (1 + Math.abs(a))) odd = false;
  }
  const f0 = f(0);
  const right = (f(1e-6) - f0) / 1e-6;
  const left = (f0 - f(-1e-6)) / 1e-6;

  return {
    range: [boundedBelow ? round(lo) : -Infinity, boundedAbove ? round(hi) : Infinity],
    boundedBelow,
    boundedAbove,
    monotonic:
      direction === 'none'
        ? false
        : direction === 'increasing' || direction === 'non-decreasing'
          ? 'increasing'
          : 'decreasing',
    strictlyMonotonic: direction === 'increasing' || direction === 'decreasing',
    derivativeMonotonic: monotonicity(dv, 1e-9) !== 'none',
    smoothness,
    discontinuities,
    kinks,
    zeroCentred: odd,
    identityNearZero: Math.abs(f0) < slopeTol && Math.abs(right - 1) < slopeTol && Math.abs(left - 1) < slopeTol,
    saturatesLeft: saturates(df, -1),
    saturatesRight: saturates(df, 1),
    selfGated: selfGated(f, xs, fv),
    derivativeRange: [round(dlo), round(dhi)],
    derivativeError,
    gaussianMean,
    gaussianSecondMoment,
  };
}
