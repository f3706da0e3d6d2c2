/** Argument checks shared by the charts; every failure is a RangeError naming the argument. */

/** Checks a chart dimension: a finite number in `[min, max]`. */
export function checkSize(fn: string, name: string, value: number, min: number, max = 20000): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(`${fn}: ${name} must be a finite number in [${min}, ${max}], got ${String(value)}`);
  }
}

/** Checks an optional `[lo, hi]` domain: finite, lo < hi, and positive when `positive`. */
export function checkDomain(
  fn: string,
  name: string,
  d: readonly [number, number] | undefined,
  positive = false,
): void {
  if (d === undefined) return;
  if (!Array.isArray(d) || d.length !== 2 || !Number.isFinite(d[0]) || !Number.isFinite(d[1]) || !(d[0] < d[1])) {
    throw new RangeError(`${fn}: ${name} must be [lo, hi] with finite lo < hi, got ${JSON.stringify(d)}`);
  }
  if (positive && d[0] <= 0) {
    throw new RangeError(`${fn}: ${name} must be positive for a log scale, got [${d[0]}, ${d[1]}]`);
  }
}

/** Checks that a named x/y pair is non-empty and of equal length. */
export function checkXY(fn: string, what: string, x: ArrayLike<number>, y: ArrayLike<number>): void {
  if (x == null || typeof x.length !== 'number') throw new RangeError(`${fn}: ${what}.x must be an array of numbers`);
  if (y == null || typeof y.length !== 'number') throw new RangeError(`${fn}: ${what}.y must be an array of numbers`);
  if (x.length !== y.length) {
    throw new RangeError(`${fn}: ${what} has x of length ${x.length} but y of length ${y.length}; they must match`);
  }
  if (x.length === 0) throw new RangeError(`${fn}: ${what} is empty (x and y have no points)`);
}

/** Extent of the finite values (and positive ones when `positive`), or undefined when none. */
export function finiteExtent(arrays: Iterable<ArrayLike<number>>, positive = false): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i]!;
      if (!Number.isFinite(v) || (positive && v <= 0)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/** Widens a degenerate extent (lo = hi) so a scale over it is well defined. */
export function widen([lo, hi]: [number, number], log = false): [number, number] {
  if (lo < hi) return [lo, hi];
  if (log) return [lo / 10, hi * 10];
  const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
  return [lo - pad, hi + pad];
}
