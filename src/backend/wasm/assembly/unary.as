// Array kernels for the elementary functions: y[i] = f(x[i]) for i < n (y may alias x). The
// loops are unrolled twice: fewer loop-back checks and two independent polynomial chains.
import { ld, st, ldTail, stTail, negabs } from "./simd";
import { expv, expm1v, logv, log1pv, tanhv, sigmoidv, sigmoidFrom, needsExpSlow4, expFast, erfv } from "./math";
import { sinCosV } from "./trig";

export function exp_f32(px: usize, py: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 8; i += 8) {
    st(py, i, expv(ld(px, i)));
    st(py, i + 4, expv(ld(px, i + 4)));
  }
  for (; i <= n - 4; i += 4) st(py, i, expv(ld(px, i)));
  if (i < n) stTail(py, i, expv(ldTail(px, i, n - i)), n - i);
}
export function expm1_f32(px: usize, py: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 8; i += 8) {
    st(py, i, expm1v(ld(px, i)));
    st(py, i + 4, expm1v(ld(px, i + 4)));
  }
  for (; i <= n - 4; i += 4) st(py, i, expm1v(ld(px, i)));
  if (i < n) stTail(py, i, expm1v(ldTail(px, i, n - i)), n - i);
}
export function log_f32(px: usize, py: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 8; i += 8) {
    st(py, i, logv(ld(px, i)));
    st(py, i + 4, logv(ld(px, i + 4)));
  }
  for (; i <= n - 4; i += 4) st(py, i, logv(ld(px, i)));
  if (i < n) stTail(py, i, logv(ldTail(px, i, n - i)), n - i);
}
export function log1p_f32(px: usize, py: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 8; i += 8) {
    st(py, i, log1pv(ld(px, i)));
    st(py, i + 4, log1pv(ld(px, i + 4)));
  }
  for (; i <= n - 4; i += 4) st(py, i, log1pv(ld(px, i)));
  if (i < n) stTail(py, i, log1pv(ldTail(px, i, n - i)), n - i);
}
export function tanh_f32(px: usize, py: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 8; i += 8) {
    st(py, i, tanhv(ld(px, i)));
    st(py, i + 4, tanhv(ld(px, i + 4)));
  }
  for (; i <= n - 4; i += 4) st(py, i, tanhv(ld(px, i)));
  if (i < n) stTail(py, i, tanhv(ldTail(px, i, n - i)), n - i);
}
export function sigmoid_f32(px: usize, py: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 16; i += 16) {
    const x0 = ld(px, i), x1 = ld(px, i + 4), x2 = ld(px, i + 8), x3 = ld(px, i + 12);
    if (needsExpSlow4(x0, x1, x2, x3)) {
      st(py, i, sigmoidv(x0));
      st(py, i + 4, sigmoidv(x1));
      st(py, i + 8, sigmoidv(x2));
      st(py, i + 12, sigmoidv(x3));
    } else {
      st(py, i, sigmoidFrom(x0, expFast(negabs(x0))));
      st(py, i + 4, sigmoidFrom(x1, expFast(negabs(x1))));
      st(py, i + 8, sigmoidFrom(x2, expFast(negabs(x2))));
      st(py, i + 12, sigmoidFrom(x3, expFast(negabs(x3))));
    }
  }
  for (; i <= n - 4; i += 4) st(py, i, sigmoidv(ld(px, i)));
  if (i < n) stTail(py, i, sigmoidv(ldTail(px, i, n - i)), n - i);
}
export function erf_f32(px: usize, py: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 8; i += 8) {
    st(py, i, erfv(ld(px, i)));
    st(py, i + 4, erfv(ld(px, i + 4)));
  }
  for (; i <= n - 4; i += 4) st(py, i, erfv(ld(px, i)));
  if (i < n) stTail(py, i, erfv(ldTail(px, i, n - i)), n - i);
}
/** y = sin(α·x), α·x formed in float64. */
export function sin_f32(px: usize, py: usize, n: i32, alpha: f64): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(py, i, sinCosV(ld(px, i), alpha, 0));
  if (i < n) stTail(py, i, sinCosV(ldTail(px, i, n - i), alpha, 0), n - i);
}
/** y = cos(α·x), α·x formed in float64. */
export function cos_f32(px: usize, py: usize, n: i32, alpha: f64): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(py, i, sinCosV(ld(px, i), alpha, 1));
  if (i < n) stTail(py, i, sinCosV(ldTail(px, i, n - i), alpha, 1), n - i);
}
