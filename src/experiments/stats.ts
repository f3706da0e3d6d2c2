/** Summary statistics for results across seeds. */

/** Arithmetic mean of the finite values (NaN when there are none). */
export function mean(values: readonly number[]): number {
  const v = values.filter(Number.isFinite);
  return v.length === 0 ? NaN : v.reduce((a, b) => a + b, 0) / v.length;
}

/**
 * Sample standard deviation (n − 1 in the denominator, as numpy's `std(ddof=1)` and torch's
 * default) of the finite values; 0 for a single value, NaN for none.
 */
export function std(values: readonly number[]): number {
  const v = values.filter(Number.isFinite);
  if (v.length === 0) return NaN;
  if (v.length === 1) return 0;
  const m = mean(v);
  return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
}

/** Elementwise mean of equal-length rows (e.g. per-layer values across seeds); shorter rows count where present. */
export function meanRows(rows: readonly (readonly number[])[]): number[] {
  const len = Math.max(0, ...rows.map((r) => r.length));
  return Array.from({ length: len }, (_, i) => mean(rows.filter((r) => i < r.length).map((r) => r[i]!)));
}

/** "0.9712 ± 0.0031" with `digits` decimals; "0.9712" when there is one value. */
export function formatMeanStd(values: readonly number[], digits = 4): string {
  const m = mean(values);
  if (!Number.isFinite(m)) return 'n/a';
  const n = values.filter(Number.isFinite).length;
  return n > 1 ? `${m.toFixed(digits)} ± ${std(values).toFixed(digits)}` : m.toFixed(digits);
}

/** Two-sided 95% quantiles of Student's t for 1…30 degrees of freedom. */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** The 0.975 quantile of Student's t with `df` degrees of freedom (table to 30, Cornish–Fisher above). */
export function tQuantile975(df: number): number {
  if (!(df >= 1)) return NaN;
  if (df <= 30) return T975[Math.floor(df) - 1]!;
  const z = 1.959964;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
}

/** A difference of means with its 95% confidence interval (NaN bounds with fewer than two pairs). */
export interface Difference {
  mean: number;
  low: number;
  high: number;
  /** Pairs it is computed from. */
  n: number;
}

/**
 * Paired difference a − b over the keys both have (e.g. seeds: the same seed gives both runs the
 * same data order and initial weights, so pairing removes that shared noise), with the t interval
 * mean ± t₀.₉₇₅(n−1)·sd/√n.
 */
export function pairedDifference(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): Difference {
  const d = [...a]
    .filter(([k, v]) => b.has(k) && Number.isFinite(v) && Number.isFinite(b.get(k)!))
    .map(([k, v]) => v - b.get(k)!);
  const m = mean(d);
  if (d.length < 2) return { mean: m, low: NaN, high: NaN, n: d.length };
  const half = (tQuantile975(d.length - 1) * std(d)) / Math.sqrt(d.length);
  return { mean: m, low: m - half, high: m + half, n: d.length };
}
