// Reductions: sum and max over a whole array, over rows (last dimension) and sum over rows
// (per column, for bias gradients).
//
// Sums accumulate in float64 lanes (each f32x4 is widened into two f64x2 accumulators), so the
// error of a sum of n float32 values stays near one float32 rounding whatever n is; softmax
// and log_softmax rely on that for their normalisers.
import { splat, add, ld, ldTail, st, stTail } from "./simd";

/** Adds the four lanes of v to two f64x2 accumulators (lanes 0,1 and 2,3). */
@inline function widenLo(v: v128): v128 { return f64x2.promote_low_f32x4(v); }
@inline function widenHi(v: v128): v128 { return f64x2.promote_low_f32x4(f32x4.shuffle(v, v, 2, 3, 2, 3)); }
@inline function total64(a: v128, b: v128): f64 {
  const s = f64x2.add(a, b);
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}

/** Σ p[i] for i < n, as a float64. */
export function sumRange(p: usize, n: i32): f64 {
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
  let i = 0;
  for (; i <= n - 8; i += 8) {
    const u = ld(p, i), v = ld(p, i + 4);
    a0 = f64x2.add(a0, widenLo(u));
    a1 = f64x2.add(a1, widenHi(u));
    a2 = f64x2.add(a2, widenLo(v));
    a3 = f64x2.add(a3, widenHi(v));
  }
  if (i <= n - 4) {
    const u = ld(p, i);
    a0 = f64x2.add(a0, widenLo(u));
    a1 = f64x2.add(a1, widenHi(u));
    i += 4;
  }
  if (i < n) {
    const u = ldTail(p, i, n - i); // zero-filled lanes add nothing
    a2 = f64x2.add(a2, widenLo(u));
    a3 = f64x2.add(a3, widenHi(u));
  }
  return total64(f64x2.add(a0, a1), f64x2.add(a2, a3));
}

/** Σ a[i]·b[i] for i < n in float64 (the products of float32 values are exact in float64). */
export function dotRange(pa: usize, pb: usize, n: i32): f64 {
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0);
  let i = 0;
  for (; i <= n - 4; i += 4) {
    const u = ld(pa, i), v = ld(pb, i);
    a0 = f64x2.add(a0, f64x2.mul(widenLo(u), widenLo(v)));
    a1 = f64x2.add(a1, f64x2.mul(widenHi(u), widenHi(v)));
  }
  if (i < n) {
    const u = ldTail(pa, i, n - i), v = ldTail(pb, i, n - i);
    a0 = f64x2.add(a0, f64x2.mul(widenLo(u), widenLo(v)));
    a1 = f64x2.add(a1, f64x2.mul(widenHi(u), widenHi(v)));
  }
  return total64(a0, a1);
}

/** Adds the lanes of v to (lo, hi) float64 accumulators; for callers that produce values on the fly. */
@inline export function acc64Lo(acc: v128, v: v128): v128 { return f64x2.add(acc, widenLo(v)); }
@inline export function acc64Hi(acc: v128, v: v128): v128 { return f64x2.add(acc, widenHi(v)); }
@inline export function accTotal(a: v128, b: v128): f64 { return total64(a, b); }

/** max p[i] for i < n; NaN if any element is NaN (as torch.max); −Inf when n = 0. */
export function maxRange(p: usize, n: i32): f32 {
  let m0 = splat(-Infinity), m1 = splat(-Infinity);
  let i = 0;
  for (; i <= n - 8; i += 8) {
    m0 = f32x4.max(m0, ld(p, i));
    m1 = f32x4.max(m1, ld(p, i + 4));
  }
  for (; i <= n - 4; i += 4) m0 = f32x4.max(m0, ld(p, i));
  let m = f32x4.max(m0, m1);
  let r = max(max(f32x4.extract_lane(m, 0), f32x4.extract_lane(m, 1)),
    max(f32x4.extract_lane(m, 2), f32x4.extract_lane(m, 3)));
  for (; i < n; i++) r = max(r, load<f32>(p + (<usize>i << 2)));
  return r; // AssemblyScript's max is wasm f32.max: NaN-propagating
}

export function sum_all(p: usize, n: i32): f64 { return sumRange(p, n); }
export function max_all(p: usize, n: i32): f32 { return maxRange(p, n); }

/** out[r] = Σ_j x[r, j] (rounded to float32). */
export function sum_rows(px: usize, rows: i32, cols: i32, pout: usize): void {
  for (let r = 0; r < rows; r++) {
    store<f32>(pout + (<usize>r << 2), <f32>sumRange(px + (<usize>(r * cols) << 2), cols));
  }
}

/** out[r] = max_j x[r, j]. */
export function max_rows(px: usize, rows: i32, cols: i32, pout: usize): void {
  for (let r = 0; r < rows; r++) {
    store<f32>(pout + (<usize>r << 2), maxRange(px + (<usize>(r * cols) << 2), cols));
  }
}

/**
 * out[j] = Σ_r x[r, j]: rows are added eight at a time as a balanced tree before being added to
 * out, which keeps the float32 error growth at about rows/8 roundings.
 */
export function sum_cols(px: usize, rows: i32, cols: i32, pout: usize): void {
  memory.fill(pout, 0, <usize>cols << 2);
  const stride = <usize>cols << 2;
  let r = 0;
  for (; r <= rows - 8; r += 8) {
    const p0 = px + <usize>(r * cols) * 4;
    let j = 0;
    for (; j <= cols - 4; j += 4) {
      const s01 = add(ld(p0, j), ld(p0 + stride, j));
      const s23 = add(ld(p0 + 2 * stride, j), ld(p0 + 3 * stride, j));
      const s45 = add(ld(p0 + 4 * stride, j), ld(p0 + 5 * stride, j));
      const s67 = add(ld(p0 + 6 * stride, j), ld(p0 + 7 * stride, j));
      st(pout, j, add(ld(pout, j), add(add(s01, s23), add(s45, s67))));
    }
    for (; j < cols; j++) {
      let s: f32 = 0;
      for (let q = 0; q < 8; q++) s += load<f32>(p0 + <usize>q * stride + (<usize>j << 2));
      store<f32>(pout + (<usize>j << 2), load<f32>(pout + (<usize>j << 2)) + s);
    }
  }
  for (; r < rows; r++) {
    const p0 = px + <usize>(r * cols) * 4;
    let j = 0;
    for (; j <= cols - 4; j += 4) st(pout, j, add(ld(pout, j), ld(p0, j)));
    if (j < cols) stTail(pout, j, add(ldTail(pout, j, cols - j), ldTail(p0, j, cols - j)), cols - j);
  }
}
