// Fused forward/backward kernels for GELU, exact erf form and PyTorch's tanh approximation.
// Accuracy and PyTorch conventions as in act-smooth.as; GELU(−Inf) and GELU′(±Inf) are NaN, as
// PyTorch's formulas give (−Inf·0).
import {
  splat, add, sub, mul, div, madd, neg, abs, lt, le, gt, eq, sel, anyTrue, pmax, pmin, ld, st,
  ldTail, stTail, markSlowPath,
} from "./simd";
import { expNegAbs2, expSlow, erfSmall, expNegSquare, erfcR } from "./math";

const ZERO: f32 = 0;
const INF: f32 = Infinity;

// ---------------------------------------------------------------- gelu (erf)
// y = x·Φ(x), Φ(x) = (1 + erf(x/√2))/2. For x/√2 in [−0.4, 1] erf is the polynomial; outside,
// Φ comes from erfc(a), a = |x|/√2, = e·R(a)/a with e = e^{−x²/2} (the exponent split exactly),
// avoiding 1 + erf(t) cancelling for negative x. Since x/a = ±√2 exactly, x·Φ needs no division
// (and so no rounding of a): x·Φ = x − e·R/√2 (x > 0), −e·R/√2 (x < 0). Where Φ is tiny the
// factors multiply R before e, so a denormal e is rounded once, not amplified by |x|.
// gx = gy·(Φ(x) + x·φ(x)), φ(x) = e/√(2π).
const GELU_MID_LO: f32 = -0.56568542; // x/√2 = −0.4: below, 1 + erf(x/√2) < 0.58 would amplify the polynomial's error
const GELU_MID_HI: f32 = 1.4142135; // x/√2 = 1, the end of the erf polynomial
const SQRT1_2: f32 = 0.70710678118654752;
const INV_SQRT_2PI: f32 = 0.3989422804014327;

@inline function geluMid(x: v128): v128 { return v128.and(le(x, splat(GELU_MID_HI)), le(splat(GELU_MID_LO), x)); }
/** R(q(a)) for a = |x|/√2: erfc(a) = e^{−x²/2}·R/a, and x/a = ±√2 exactly, so R alone is needed. */
@inline function geluR(x: v128): v128 { return erfcR(mul(f32x4.pmin(abs(x), splat(15.0)), splat(SQRT1_2))); }
function geluInf(x: v128, y: v128, isGrad: bool): v128 {
  markSlowPath();
  return sel(isGrad ? eq(abs(x), splat(INF)) : eq(x, splat(-INF)), splat(NaN), y);
}
// Tail, with e = e^{−x²/2}: x·Φ = x − e·R/√2 for x > 0, −e·R/√2 for x < 0; Φ = e·R/(√2·|x|) (x < 0).
@inline function geluF(x: v128): v128 {
  const mid = mul(mul(x, splat(0.5)), add(splat(1), erfSmall(mul(x, splat(SQRT1_2)))));
  const er = mul(expNegSquare(abs(x), true, 15.0), mul(geluR(x), splat(SQRT1_2)));
  const tail = sel(gt(x, splat(ZERO)), sub(x, er), neg(er));
  let y = sel(geluMid(x), mid, tail);
  if (anyTrue(eq(abs(x), splat(INF)))) y = geluInf(x, y, false);
  return y;
}
@inline function geluB(x: v128, g: v128): v128 {
  const e = expNegSquare(abs(x), true, 15.0);
  const xphi = mul(x, splat(INV_SQRT_2PI));
  const hr = div(mul(geluR(x), splat(SQRT1_2)), abs(x)); // erfc(|x|/√2)/(2e)
  const mid = madd(erfSmall(mul(x, splat(SQRT1_2))), splat(0.5), splat(0.5));
  const cdf = sel(geluMid(x), mid, sub(splat(1), mul(e, hr))); // x > 0 (or mid)
  const negTail = mul(e, add(hr, xphi));
  let d = sel(v128.andnot(lt(x, splat(ZERO)), geluMid(x)), negTail, madd(e, xphi, cdf));
  if (anyTrue(eq(abs(x), splat(INF)))) d = geluInf(x, d, true);
  return mul(g, d);
}
export function gelu_fwd(px: usize, py: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(py, i, geluF(ld(px, i)));
  if (i < n) stTail(py, i, geluF(ldTail(px, i, n - i)), n - i);
}
export function gelu_bwd(px: usize, pg: usize, pgx: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(pgx, i, geluB(ld(px, i), ld(pg, i)));
  if (i < n) stTail(pgx, i, geluB(ldTail(px, i, n - i), ldTail(pg, i, n - i)), n - i);
}

// ---------------------------------------------------------------- gelu (tanh approximation)
// y = x/2·(1 + tanh(u)) = x·σ(2u), u = √(2/π)(x + 0.044715x³). 2u is formed in float64 and
// carried into the exponential as hi + lo: in float32 its rounding (a few ulps of 2u) would be
// multiplied by |2u| in e^{−|2u|}. gx = gy·(σ(2u) + x·σ(2u)σ(−2u)·2u'), 2u' = 2√(2/π)(1 + 3κx²).
const K2BETA: f64 = 1.5957691216057308; // 2·√(2/π)
const KAPPA: f64 = 0.044715;

/** 2u in float64, clamped to ±200 (σ is exactly 0 or 1 beyond; the clamp keeps NaN). */
@inline function twoU(xd: v128): v128 {
  const x2 = f64x2.mul(xd, xd);
  const v = f64x2.mul(xd, f64x2.add(f64x2.splat(K2BETA), f64x2.mul(x2, f64x2.splat(K2BETA * KAPPA))));
  return f64x2.pmin(f64x2.pmax(v, f64x2.splat(-200)), f64x2.splat(200));
}
@inline function xTwoUPrime(xd: v128): v128 {
  const xc = f64x2.pmax(f64x2.pmin(xd, f64x2.splat(1e4)), f64x2.splat(-1e4));
  const v = f64x2.mul(xc, f64x2.add(f64x2.splat(K2BETA), f64x2.mul(f64x2.mul(xc, xc), f64x2.splat(3 * K2BETA * KAPPA))));
  return v;
}
@inline function geluTanhF(x: v128): v128 {
  const dlo = twoU(f64x2.promote_low_f32x4(x));
  const dhi = twoU(f64x2.promote_low_f32x4(f32x4.shuffle(x, x, 2, 3, 0, 1)));
  const hlo = f32x4.demote_f64x2_zero(dlo);
  const hhi = f32x4.demote_f64x2_zero(dhi);
  const hi = f32x4.shuffle(hlo, hhi, 0, 1, 4, 5); // 2u rounded; 2u − hi is exact in float64
  const lo = f32x4.shuffle(
    f32x4.demote_f64x2_zero(f64x2.sub(dlo, f64x2.promote_low_f32x4(hlo))),
    f32x4.demote_f64x2_zero(f64x2.sub(dhi, f64x2.promote_low_f32x4(hhi))), 0, 1, 4, 5);
  const pos = gt(hi, splat(ZERO));
  const e = expNegAbs2(hi, lo); // e^{−|2u|}
  const f = div(e, add(e, splat(1)));
  const s = sel(pos, sub(splat(1), f), f); // σ(2u)
  let y = mul(x, s);
  // 2u < −80: x·e^{2u} with x folded in before the last scaling (e^{2u} may be denormal).
  const tail = lt(hi, splat(-80));
  if (anyTrue(tail)) y = sel(tail, expSlow(hi, lo, pmax(x, splat(-1e30))), y);
  return y;
}
@inline function geluTanhB(x: v128, g: v128): v128 {
  const dlo = twoU(f64x2.promote_low_f32x4(x));
  const dhi = twoU(f64x2.promote_low_f32x4(f32x4.shuffle(x, x, 2, 3, 0, 1)));
  const hlo = f32x4.demote_f64x2_zero(dlo);
  const hhi = f32x4.demote_f64x2_zero(dhi);
  const hi = f32x4.shuffle(hlo, hhi, 0, 1, 4, 5);
  const lo = f32x4.shuffle(
    f32x4.demote_f64x2_zero(f64x2.sub(dlo, f64x2.promote_low_f32x4(hlo))),
    f32x4.demote_f64x2_zero(f64x2.sub(dhi, f64x2.promote_low_f32x4(hhi))), 0, 1, 4, 5);
  const pos = gt(hi, splat(ZERO));
  const e = expNegAbs2(hi, lo);
  const d1 = add(e, splat(1));
  const f = div(e, d1);
  const s = sel(pos, sub(splat(1), f), f);
  // x·2u′ = x·2√(2/π)(1 + 3κx²), in float64 (clamped: it only matters where |2u| < 200).
  const xdu = f32x4.shuffle(
    f32x4.demote_f64x2_zero(xTwoUPrime(f64x2.promote_low_f32x4(x))),
    f32x4.demote_f64x2_zero(xTwoUPrime(f64x2.promote_low_f32x4(f32x4.shuffle(x, x, 2, 3, 0, 1)))), 0, 1, 4, 5);
  let d = add(div(mul(e, xdu), mul(d1, d1)), s); // σ(2u)σ(−2u) = e/(1 + e)², for either sign
  // 2u < −80: (1 + x·2u′)·e^{2u}, scaled once.
  const tail = lt(hi, splat(-80));
  if (anyTrue(tail)) d = sel(tail, expSlow(hi, lo, add(xdu, splat(1))), d);
  return mul(g, d);
}
export function gelu_tanh_fwd(px: usize, py: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 8; i += 8) {
    st(py, i, geluTanhF(ld(px, i)));
    st(py, i + 4, geluTanhF(ld(px, i + 4)));
  }
  for (; i <= n - 4; i += 4) st(py, i, geluTanhF(ld(px, i)));
  if (i < n) stTail(py, i, geluTanhF(ldTail(px, i, n - i)), n - i);
}
export function gelu_tanh_bwd(px: usize, pg: usize, pgx: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(pgx, i, geluTanhB(ld(px, i), ld(pg, i)));
  if (i < n) stTail(pgx, i, geluTanhB(ldTail(px, i, n - i), ldTail(pg, i, n - i)), n - i);
}

