// Fused forward/backward kernels for GELU, exact erf form and PyTorch's tanh approximation.
// Accuracy and PyTorch conventions as in act-smooth.as; GELU(−Inf) and GELU′(±Inf) are NaN, as
// PyTorch's formulas give (−Inf·0).
import {
  splat, add, sub, mul, div, madd64, abs, lt, le, gt, sel, anyTrue, pmax, pmin, ld, st, ldTail, stTail,
} from "./simd";
import { beyond2, expNegAbs2, expSlow, expFast2, hiPart, mulExp2Neg } from "./math";

const ZERO: f32 = 0;

// ---------------------------------------------------------------- gelu (erf)
// y = x·Φ(x). One formula for every x, with a = |x| and Q = Φ(−a) = e^{−a²/2}·M(a):
//   x <= 0: y = x·Q            x > 0: y = x − x·Q   (= x·(1 − Q), Q <= 1/2: no cancellation)
// M(a) = Φ(−a)·e^{a²/2} is smooth and positive on [0, ∞) (1/2 at 0, ~1/(a√(2π)) for large a), so
// a rational P/Q of degree 4/5 in a itself fits it to 6.4e-9 relative on [0, 15] (minimax for
// relative error; every coefficient positive, so Horner/Estrin in float32 cannot cancel for
// a >= 0). e^{−a²/2} comes from the square split exactly (hiPart: 12 significant bits, so its
// square is exact), so the rounding of a² is not multiplied by a²/2 in the exponential. Beyond
// a = 15, Q < 2^-160: y is x or −0. PyTorch 1.13's CPU kernel evaluates the same Φ through an
// erf polynomial (1 + erf(x/√2) cancels below x ≈ −3, where this form keeps relative accuracy).
// Two evaluations of erfc on the two sides of a switch point (the previous kernel) cost 2.7×.
// gx = gy·(Φ(x) + x·φ(x)), φ(x) = e^{−x²/2}/√(2π), so with u = x/√(2π):
//   x <= 0: e^{−a²/2}·(M + u)     x > 0: 1 − e^{−a²/2}·(M − u)
// (the x <= 0 side cancels next to the root of gelu′ at x ≈ −0.75, as PyTorch's does).
// GELU(−Inf) and GELU′(±Inf) are NaN, as PyTorch's formulas give (−Inf·0).
const INV_SQRT_2PI: f32 = 0.3989422804014327;
const GELU_A_MAX: f32 = 15.0;

/** P(a)/Q(a) on two f64 lanes (Estrin; float64 leaves the float32 result one rounding, the demotion). */
@inline function geluM64(a: v128): v128 {
  const a2 = f64x2.mul(a, a);
  const p = madd64(
    madd64(f64x2.splat(0.004153443611307983), a2, madd64(f64x2.splat(0.04088265166524565), a, f64x2.splat(0.1839737701881238))),
    a2, madd64(f64x2.splat(0.43928983446083947), a, f64x2.splat(0.5000000031455332)));
  const q = madd64(
    madd64(madd64(f64x2.splat(0.010411027579111998), a, f64x2.splat(0.10248372488205454)), a2, madd64(f64x2.splat(0.4714208838190426), a, f64x2.splat(1.2055677655351078))),
    a2, madd64(f64x2.splat(1.6764646755457537), a, f64x2.splat(1.0)));
  return f32x4.demote_f64x2_zero(f64x2.div(p, q));
}
/**
 * M(a) = Φ(−a)·e^{a²/2} for a in [0, 15], P/Q of degree 4/5 evaluated in float64: in float32
 * the Horner/Estrin roundings add up (every term positive and the top ones dominant at large a)
 * to 5 ulps of M, which left GELU's tail at 5–6 ulps.
 */
@inline function geluM(a: v128): v128 {
  const lo = geluM64(f64x2.promote_low_f32x4(a));
  const hi = geluM64(f64x2.promote_low_f32x4(f32x4.shuffle(a, a, 2, 3, 0, 1)));
  return f32x4.shuffle(lo, hi, 0, 1, 4, 5);
}
/** The high part of −a²/2 (exact) for a = hiPart(a) + rest. */
@inline function halfSquareHi(a: v128, ah: v128): v128 { return mul(mul(ah, ah), splat(-0.5)); }
/** Its low part: −(a − ah)(a + ah)/2. */
@inline function halfSquareLo(a: v128, ah: v128): v128 { return mul(mul(sub(a, ah), add(a, ah)), splat(-0.5)); }

/** m·e^{−a²/2}; `fast` when every lane has a <= 13 (e^{−a²/2} normal: no range test). */
@inline function mulGauss(m: v128, a: v128, fast: bool): v128 {
  const ah = hiPart(a);
  const hi = halfSquareHi(a, ah), lo = halfSquareLo(a, ah);
  return fast ? mul(m, expFast2(hi, lo)) : mulExp2Neg(m, hi, lo);
}
/**
 * True when a lane of x0 or x1 has |x| > 13, beyond which e^{−x²/2} needs exp's slow path, or is
 * NaN (beyond2 compares bits, so a NaN lane cannot hide a large |x| in the other vector).
 */
@inline function geluTails(x0: v128, x1: v128): bool {
  return beyond2(x0, x1, 13.0);
}
@inline function geluF(x: v128, fast: bool): v128 {
  const a = pmin(abs(x), splat(GELU_A_MAX)); // NaN stays NaN (pmin keeps its first operand)
  // x·Φ(−a), with x capped at 15 (where x·Φ(−a) < 2^-150 anyway) so that GELU(+Inf) = Inf − 0
  // rather than Inf − Inf·0; −Inf still gives NaN, as PyTorch.
  const xq = mulGauss(mul(pmin(x, splat(GELU_A_MAX)), geluM(a)), a, fast);
  return sel(le(x, splat(ZERO)), xq, sub(x, xq)); // le: ±0 give x·Q, keeping the sign of zero
}
@inline function geluB(x: v128, g: v128, fast: bool): v128 {
  const a = pmin(abs(x), splat(GELU_A_MAX));
  const m = geluM(a);
  const u = mul(x, splat(INV_SQRT_2PI));
  const neg = le(x, splat(ZERO));
  const es = mulGauss(sel(neg, add(m, u), sub(m, u)), a, fast);
  return mul(g, sel(neg, es, sub(splat(1), es)));
}
// Two vectors per iteration with one range test (geluTails; why: see needsExpSlow4 in math.as).
export function gelu_fwd(px: usize, py: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 8; i += 8) {
    const x0 = ld(px, i), x1 = ld(px, i + 4);
    if (geluTails(x0, x1)) {
      st(py, i, geluF(x0, false));
      st(py, i + 4, geluF(x1, false));
    } else {
      st(py, i, geluF(x0, true));
      st(py, i + 4, geluF(x1, true));
    }
  }
  for (; i <= n - 4; i += 4) st(py, i, geluF(ld(px, i), false));
  if (i < n) stTail(py, i, geluF(ldTail(px, i, n - i), false), n - i);
}
export function gelu_bwd(px: usize, pg: usize, pgx: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 8; i += 8) {
    const x0 = ld(px, i), x1 = ld(px, i + 4);
    if (geluTails(x0, x1)) {
      st(pgx, i, geluB(x0, ld(pg, i), false));
      st(pgx, i + 4, geluB(x1, ld(pg, i + 4), false));
    } else {
      st(pgx, i, geluB(x0, ld(pg, i), true));
      st(pgx, i + 4, geluB(x1, ld(pg, i + 4), true));
    }
  }
  for (; i <= n - 4; i += 4) st(pgx, i, geluB(ld(px, i), ld(pg, i), false));
  if (i < n) stTail(pgx, i, geluB(ldTail(px, i, n - i), ldTail(pg, i, n - i), false), n - i);
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

