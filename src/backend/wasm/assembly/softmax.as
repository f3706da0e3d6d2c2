// Row-wise softmax and log_softmax over contiguous rows (the last dimension), forward and
// backward. Numerically stable: the exponentials are never above √2; row sums are accumulated in
// float64. The exponent argument must not be rounded: rounding x − max to float32 would cost up
// to |x − max|·2^-24 relative error in e^{x − max}, 60+ ulps for logits 80 apart. Two ways:
// - scaled rows (every x in [max(m − 86, −86), m], m = max ≤ 87: all usual logits): softmax is
//   unchanged by a common factor, so the row takes E = e^x·2^−k with k = round(m·log2 e), the
//   power of two folded into exp's exponent bits (expFastScaled: exp's own error, no
//   subtraction at all). A/B against the TwoSum path below, same build: 1.2–1.3× (bench/PROFILE.md).
// - other rows (−Inf entries, NaN, |x| > 86, spread > 86): x − m carried exactly as hi + lo
//   (TwoSum) into the exponential with its full-range slow path.
// A row containing NaN, or whose max is ±Inf, gives NaN as PyTorch.
import { splat, add, sub, mul, eq, ld, st, ldTail, stTail } from "./simd";
import { expNeg, exp2Neg, expFastScaled } from "./math";
import { maxRange, sumRange, dotRange, acc64Lo, acc64Hi, accTotal } from "./reduce";

/** Rows whose entries lie within this of the max, and of 0, take the scaled exponential. */
const SCALED_SPAN: f32 = 86;
/** No scaled exponential for the row (the TwoSum path). */
const UNSCALED: i32 = i32.MIN_VALUE;

/** Max and min of a row (lanes 0 and 1), both NaN-propagating as wasm's f32 max/min. */
@inline function rowMaxMin(p: usize, n: i32): v128 {
  let a0 = splat(-Infinity), a1 = splat(-Infinity), b0 = splat(Infinity), b1 = splat(Infinity);
  let i = 0;
  for (; i <= n - 8; i += 8) {
    const u = ld(p, i), v = ld(p, i + 4);
    a0 = f32x4.max(a0, u);
    a1 = f32x4.max(a1, v);
    b0 = f32x4.min(b0, u);
    b1 = f32x4.min(b1, v);
  }
  for (; i <= n - 4; i += 4) {
    const u = ld(p, i);
    a0 = f32x4.max(a0, u);
    b0 = f32x4.min(b0, u);
  }
  const a = f32x4.max(a0, a1), b = f32x4.min(b0, b1);
  let hi = max(max(f32x4.extract_lane(a, 0), f32x4.extract_lane(a, 1)), max(f32x4.extract_lane(a, 2), f32x4.extract_lane(a, 3)));
  let lo = min(min(f32x4.extract_lane(b, 0), f32x4.extract_lane(b, 1)), min(f32x4.extract_lane(b, 2), f32x4.extract_lane(b, 3)));
  for (; i < n; i++) {
    const v = load<f32>(p + (<usize>i << 2));
    hi = max(hi, v);
    lo = min(lo, v);
  }
  return f32x4.replace_lane(splat(hi), 1, lo);
}

/**
 * k = round(m·log2 e) when the row fits the scaled exponential, else UNSCALED (NaN fails every
 * comparison). x ≥ m − 86 keeps n − k ≥ −126 (2^{n−k} normal), |x| ≤ 87 is expFast's range.
 */
@inline function rowScale(m: f32, lo: f32): i32 {
  if (m <= SCALED_SPAN + 1 && lo >= max(m - SCALED_SPAN, -SCALED_SPAN)) return <i32>nearest(<f64>m * 1.4426950408889634);
  return UNSCALED;
}

/** Rounding error of hi = x − m (Knuth's TwoSum), 0 where hi is −Inf (x = −Inf). */
@inline function diffLo(x: v128, m: v128, hi: v128): v128 {
  const bp = sub(hi, x);
  const lo = add(sub(x, sub(hi, bp)), sub(neg0(m), bp));
  return v128.andnot(lo, eq(hi, splat(-Infinity)));
}
@inline function neg0(m: v128): v128 { return v128.xor(m, i32x4.splat(0x80000000)); }
/** e^{x − m} with x − m exact. */
@inline function expDiff(x: v128, m: v128): v128 {
  const hi = sub(x, m);
  return exp2Neg(hi, diffLo(x, m, hi));
}

/** e^{x − m} (scaled = false), or e^x·2^−k (scaled = true; k in kv). */
@inline function expRow(x: v128, mv: v128, kv: v128, scaled: bool): v128 {
  return scaled ? expFastScaled(x, kv) : expDiff(x, mv);
}

/**
 * Σ e^{x − m} (or Σ e^x·2^−k) over a row, accumulated in float64; with `store` also writes each
 * term to y (softmax). log_softmax passes store = false because its y may alias x. `store` and
 * `scaled` are constants at every call, so inlining leaves one branch-free loop per case.
 */
@inline function expShiftedSum(bx: usize, by: usize, cols: i32, m: f32, k: i32, store: bool, scaled: bool): f64 {
  const mv = splat(m), kv = i32x4.splat(k);
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
  let i = 0;
  for (; i <= cols - 8; i += 8) {
    const e0 = expRow(ld(bx, i), mv, kv, scaled), e1 = expRow(ld(bx, i + 4), mv, kv, scaled);
    if (store) {
      st(by, i, e0);
      st(by, i + 4, e1);
    }
    a0 = acc64Lo(a0, e0);
    a1 = acc64Hi(a1, e0);
    a2 = acc64Lo(a2, e1);
    a3 = acc64Hi(a3, e1);
  }
  for (; i <= cols - 4; i += 4) {
    const e = expRow(ld(bx, i), mv, kv, scaled);
    if (store) st(by, i, e);
    a0 = acc64Lo(a0, e);
    a1 = acc64Hi(a1, e);
  }
  if (i < cols) {
    // Only the first cols − i lanes are data: the zero padding would add e^{−m} (or 2^−k) each.
    const valid = i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(cols - i));
    const e = v128.and(expRow(ldTail(bx, i, cols - i), mv, kv, scaled), valid);
    if (store) stTail(by, i, e, cols - i);
    a0 = acc64Lo(a0, e);
    a1 = acc64Hi(a1, e);
  }
  return accTotal(f64x2.add(a0, a2), f64x2.add(a1, a3));
}

/** Σ of the row's stored exponentials by the path rowScale picks (k = UNSCALED: e^{x − m}). */
@inline function rowExpSum(bx: usize, by: usize, cols: i32, m: f32, k: i32): f64 {
  if (k != UNSCALED) return expShiftedSum(bx, by, cols, m, k, true, true);
  return expShiftedSum(bx, by, cols, m, k, true, false);
}

/**
 * Three passes over a row: max and min, the exponentials (rowScale's path) stored and summed,
 * then a multiply by 1/Σ (rounded once from float64). The multiply costs at most one ulp more than a division (bound 3.5 ulps in
 * the tests) and runs ~6× faster than f32x4.div on x86.
 */
export function softmax_fwd(px: usize, py: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const off = <usize>(r * cols) << 2;
    const bx = px + off, by = py + off;
    const mm = rowMaxMin(bx, cols);
    const m = f32x4.extract_lane(mm, 0);
    const k = rowScale(m, f32x4.extract_lane(mm, 1));
    const inv = splat(<f32>(1.0 / rowExpSum(bx, by, cols, m, k)));
    let i = 0;
    for (; i <= cols - 8; i += 8) {
      st(by, i, mul(ld(by, i), inv));
      st(by, i + 4, mul(ld(by, i + 4), inv));
    }
    for (; i <= cols - 4; i += 4) st(by, i, mul(ld(by, i), inv));
    if (i < cols) stTail(by, i, mul(ldTail(by, i, cols - i), inv), cols - i);
  }
}

/**
 * (x − m) − lse, each subtraction rounded: within one ulp of the larger term, the bound
 * log_softmax is held to (it cancels where x − m ≈ lse, so no relative bound is possible there).
 * Only the exponential needs x − m exactly.
 */
@inline function logShifted(x: v128, m: v128, lse: v128): v128 {
  return sub(sub(x, m), lse);
}

/** y = (x − m) − log Σ e^{x − m}; y may alias x, so the sum is taken without storing. */
export function log_softmax_fwd(px: usize, py: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const off = <usize>(r * cols) << 2;
    const bx = px + off, by = py + off;
    const m = maxRange(bx, cols);
    const mv = splat(m);
    // Not the scaled exponential: its max term e^m·2^−k is rounded, where e^{x − m} is exactly
    // 1, and lse = log Σ must be accurate relative to itself (y = −lse at the max).
    const total = expShiftedSum(bx, by, cols, m, 0, false, false);
    const lse = splat(<f32>Math.log(total));
    let i = 0;
    for (; i <= cols - 4; i += 4) st(by, i, logShifted(ld(bx, i), mv, lse));
    if (i < cols) stTail(by, i, logShifted(ldTail(bx, i, cols - i), mv, lse), cols - i);
  }
}

/** gx = y·(gy − Σ gy·y) per row (y is the softmax output). */
export function softmax_bwd(py: usize, pg: usize, pgx: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const off = <usize>(r * cols) << 2;
    const by = py + off, bg = pg + off, bgx = pgx + off;
    const d = splat(<f32>dotRange(bg, by, cols));
    let i = 0;
    for (; i <= cols - 4; i += 4) st(bgx, i, mul(ld(by, i), sub(ld(bg, i), d)));
    if (i < cols) stTail(bgx, i, mul(ldTail(by, i, cols - i), sub(ldTail(bg, i, cols - i), d)), cols - i);
  }
}

/** gx = gy − e^y·Σ gy per row (y is the log_softmax output). */
export function log_softmax_bwd(py: usize, pg: usize, pgx: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const off = <usize>(r * cols) << 2;
    const by = py + off, bg = pg + off, bgx = pgx + off;
    const s = splat(<f32>sumRange(bg, cols));
    let i = 0;
    // y <= 0, so e^y needs only the underflow check.
    for (; i <= cols - 4; i += 4) st(bgx, i, sub(ld(bg, i), mul(expNeg(ld(by, i)), s)));
    if (i < cols) {
      const rem = cols - i;
      stTail(bgx, i, sub(ldTail(bg, i, rem), mul(expNeg(ldTail(by, i, rem)), s)), rem);
    }
  }
}
