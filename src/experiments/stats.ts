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
