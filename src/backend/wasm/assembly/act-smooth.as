// Fused forward (y = f(x)) and backward (gx = gy·f'(x)) kernels for the smooth activations.
//
// Accuracy: each kernel is written so that no step cancels or amplifies a rounding error
// (e.g. sigmoid' = e/(1+e)² with e = e^{−|x|} instead of y(1 − y); tanh' = 4e/(1+e)² instead of
// 1 − y²; mish in terms of e^{−|x|}), so results stay within a few ulps of the float64 values
// except next to a root of f or f' (where no float32 formula can keep a relative bound).
// Backward kernels take x, not y, for that reason. The loops of the shorter kernels are unrolled
// twice (two independent dependency chains per iteration, half the loop-back checks).
//
// GELU is in act-gelu.as, the self-gated x·g(x) family (SiLU, Mish, TanhExp, Serf) in act-gated.as.
import {
  splat, add, sub, mul, div, madd, neg, abs, negabs, lt, le, gt, eq, sel, pmax, pmin, copysign, ld,
  st, ldTail, stTail,
} from "./simd";
import { expv, expNeg, expFast, needsExpSlow4, exp2v, expNegAbs2, expm1Neg, log1pv, log1pUnit, hiPart, loPart } from "./math";
import { sinCosV } from "./trig";

const ZERO: f32 = 0;

// ---------------------------------------------------------------- sigmoid, tanh
@inline function sigmoidD(x: v128): v128 {
  return sigmoidDFrom(expNeg(negabs(x)));
}
/** σ′(x) = e/(1 + e)² from e = e^{−|x|}. */
@inline function sigmoidDFrom(e: v128): v128 {
  const d = add(e, splat(1));
  return div(e, mul(d, d));
}
@inline function tanhD(x: v128): v128 {
  const e = expNeg(mul(abs(x), splat(-2)));
  const d = add(e, splat(1));
  return div(mul(e, splat(4)), mul(d, d));
}
export function sigmoid_bwd(px: usize, pg: usize, pgx: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 16; i += 16) {
    const x0 = ld(px, i), x1 = ld(px, i + 4), x2 = ld(px, i + 8), x3 = ld(px, i + 12);
    if (needsExpSlow4(x0, x1, x2, x3)) {
      st(pgx, i, mul(ld(pg, i), sigmoidD(x0)));
      st(pgx, i + 4, mul(ld(pg, i + 4), sigmoidD(x1)));
      st(pgx, i + 8, mul(ld(pg, i + 8), sigmoidD(x2)));
      st(pgx, i + 12, mul(ld(pg, i + 12), sigmoidD(x3)));
    } else {
      st(pgx, i, mul(ld(pg, i), sigmoidDFrom(expFast(negabs(x0)))));
      st(pgx, i + 4, mul(ld(pg, i + 4), sigmoidDFrom(expFast(negabs(x1)))));
      st(pgx, i + 8, mul(ld(pg, i + 8), sigmoidDFrom(expFast(negabs(x2)))));
      st(pgx, i + 12, mul(ld(pg, i + 12), sigmoidDFrom(expFast(negabs(x3)))));
    }
  }
  for (; i <= n - 4; i += 4) st(pgx, i, mul(ld(pg, i), sigmoidD(ld(px, i))));
  if (i < n) stTail(pgx, i, mul(ldTail(pg, i, n - i), sigmoidD(ldTail(px, i, n - i))), n - i);
}
export function tanh_bwd(px: usize, pg: usize, pgx: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 8; i += 8) {
    st(pgx, i, mul(ld(pg, i), tanhD(ld(px, i))));
    st(pgx, i + 4, mul(ld(pg, i + 4), tanhD(ld(px, i + 4))));
  }
  for (; i <= n - 4; i += 4) st(pgx, i, mul(ld(pg, i), tanhD(ld(px, i))));
  if (i < n) stTail(pgx, i, mul(ldTail(pg, i, n - i), tanhD(ldTail(px, i, n - i))), n - i);
}

// ---------------------------------------------------------------- elu, selu, celu
// PyTorch's elu(x; negcoef = α·scale, poscoef = scale, negiptcoef = input_scale):
//   y = x <= 0 ? negcoef·expm1(x·negiptcoef) : x·poscoef
//   gx = x <= 0 ? gy·(negcoef·negiptcoef)·e^{x·negiptcoef} : gy·poscoef
// In the backward the exponent x·negiptcoef is carried exactly as hi + lo (negiptcoef split
// into ih + il by the caller, ih with 12 significant bits) so celu with α ≠ 1 stays accurate
// deep in the tail.
@inline function eluF(x: v128, nc: f32, pc: f32, ic: f32): v128 {
  // expm1 only matters where x <= 0, so expm1Neg (no range checks; lanes with z > 0 compute
  // something that the select drops). |z| < 2^-24 rounds to z, keeping −0 and denormals.
  const z = mul(x, splat(ic));
  const em = sel(lt(abs(z), splat(5.9604645e-8)), z, expm1Neg(z));
  return sel(le(x, splat(ZERO)), mul(em, splat(nc)), mul(x, splat(pc)));
}
/** eluF for input_scale = scale = 1 (elu with any α): two multiplications fewer. */
@inline function eluF1(x: v128, nc: f32): v128 {
  const em = sel(lt(abs(x), splat(5.9604645e-8)), x, expm1Neg(x));
  return sel(le(x, splat(ZERO)), mul(em, splat(nc)), x);
}
@inline function eluB(x: v128, g: v128, ncic: f32, pc: f32, ih: f32, il: f32): v128 {
  const xh = hiPart(x);
  const hi = mul(xh, splat(ih));
  const lo = loPart(x, xh, ih, il);
  const neg = mul(g, mul(splat(ncic), exp2v(hi, lo)));
  return sel(le(x, splat(ZERO)), neg, mul(g, splat(pc)));
}
/** eluB for elu with α = 1 (all three coefficients 1): gy·e^x or gy. */
@inline function eluBUnit(x: v128, g: v128): v128 {
  return sel(le(x, splat(ZERO)), mul(g, expNeg(pmin(x, splat(ZERO)))), g);
}
/** eluB for input_scale 1 (elu, selu): x·1 is exact, so a plain e^x of the non-positive lanes. */
@inline function eluB1(x: v128, g: v128, ncic: f32, pc: f32): v128 {
  const neg = mul(g, mul(splat(ncic), expNeg(pmin(x, splat(ZERO)))));
  return sel(le(x, splat(ZERO)), neg, mul(g, splat(pc)));
}
export function elu_fwd(px: usize, py: usize, n: i32, nc: f32, pc: f32, ic: f32): void {
  let i = 0;
  if (pc == 1 && ic == 1) {
    for (; i <= n - 8; i += 8) {
      st(py, i, eluF1(ld(px, i), nc));
      st(py, i + 4, eluF1(ld(px, i + 4), nc));
    }
  }
  for (; i <= n - 8; i += 8) {
    st(py, i, eluF(ld(px, i), nc, pc, ic));
    st(py, i + 4, eluF(ld(px, i + 4), nc, pc, ic));
  }
  for (; i <= n - 4; i += 4) st(py, i, eluF(ld(px, i), nc, pc, ic));
  if (i < n) stTail(py, i, eluF(ldTail(px, i, n - i), nc, pc, ic), n - i);
}
export function elu_bwd(px: usize, pg: usize, pgx: usize, n: i32, ncic: f32, pc: f32, ih: f32, il: f32): void {
  let i = 0;
  if (ih == 1 && il == 0 && ncic == 1 && pc == 1) {
    for (; i <= n - 8; i += 8) {
      st(pgx, i, eluBUnit(ld(px, i), ld(pg, i)));
      st(pgx, i + 4, eluBUnit(ld(px, i + 4), ld(pg, i + 4)));
    }
  }
  if (ih == 1 && il == 0) {
    for (; i <= n - 8; i += 8) {
      st(pgx, i, eluB1(ld(px, i), ld(pg, i), ncic, pc));
      st(pgx, i + 4, eluB1(ld(px, i + 4), ld(pg, i + 4), ncic, pc));
    }
  }
  for (; i <= n - 8; i += 8) {
    st(pgx, i, eluB(ld(px, i), ld(pg, i), ncic, pc, ih, il));
    st(pgx, i + 4, eluB(ld(px, i + 4), ld(pg, i + 4), ncic, pc, ih, il));
  }
  for (; i <= n - 4; i += 4) st(pgx, i, eluB(ld(px, i), ld(pg, i), ncic, pc, ih, il));
  if (i < n) stTail(pgx, i, eluB(ldTail(px, i, n - i), ldTail(pg, i, n - i), ncic, pc, ih, il), n - i);
}

// ---------------------------------------------------------------- softplus, logsigmoid
// softplus: z = β·x; y = z > threshold ? x : log1p(e^z)/β (PyTorch's test uses the float32
// product). log1p(e^z) = max(z, 0) + log1p(e^{−|z|}), with z carried exactly as hi + lo
// (β = bh + bl split by the caller) so β ≠ 1 costs no accuracy in the e^z tail.
// gx = z > threshold ? gy : gy·σ(z).
@inline function softplusF(x: v128, beta: f32, th: f32, bh: f32, bl: f32): v128 {
  const xh = hiPart(x);
  const hi = mul(xh, splat(bh)); // exact: 12 × 12 significant bits
  const lo = loPart(x, xh, bh, bl);
  // log1pv, not log1pUnit: with β's rounding and the division the cheaper log1p's extra half
  // ulp would break the 3-ulp bound (measured 4.3 ulps at β = 0.3, x = −17.9).
  const sp = add(pmax(add(hi, lo), splat(ZERO)), log1pv(expNegAbs2(hi, lo)));
  return sel(gt(mul(x, splat(beta)), splat(th)), x, div(sp, splat(beta)));
}
/** softplusF for β = 1: z = x exactly, no division. */
@inline function softplusF1(x: v128, th: f32): v128 {
  const sp = add(pmax(x, splat(ZERO)), log1pUnit(expNeg(negabs(x))));
  return sel(gt(x, splat(th)), x, sp);
}
@inline function softplusB(x: v128, g: v128, beta: f32, th: f32, bh: f32, bl: f32): v128 {
  const xh = hiPart(x);
  const hi = mul(xh, splat(bh));
  const lo = loPart(x, xh, bh, bl);
  const pos = gt(hi, splat(ZERO));
  const e = expNegAbs2(hi, lo);
  const f = div(e, add(e, splat(1)));
  return sel(gt(mul(x, splat(beta)), splat(th)), g, mul(g, sel(pos, sub(splat(1), f), f)));
}
export function softplus_fwd(px: usize, py: usize, n: i32, beta: f32, th: f32, bh: f32, bl: f32): void {
  let i = 0;
  if (beta == 1) {
    for (; i <= n - 8; i += 8) {
      st(py, i, softplusF1(ld(px, i), th));
      st(py, i + 4, softplusF1(ld(px, i + 4), th));
    }
  }
  for (; i <= n - 8; i += 8) {
    st(py, i, softplusF(ld(px, i), beta, th, bh, bl));
    st(py, i + 4, softplusF(ld(px, i + 4), beta, th, bh, bl));
  }
  for (; i <= n - 4; i += 4) st(py, i, softplusF(ld(px, i), beta, th, bh, bl));
  if (i < n) stTail(py, i, softplusF(ldTail(px, i, n - i), beta, th, bh, bl), n - i);
}
/** softplusB for β = 1: gy·σ(x) from e^{−|x|} (no split of β·x). */
@inline function softplusB1(x: v128, g: v128, th: f32): v128 {
  const e = expNeg(negabs(x));
  const f = div(e, add(e, splat(1)));
  return sel(gt(x, splat(th)), g, mul(g, sel(gt(x, splat(ZERO)), sub(splat(1), f), f)));
}
export function softplus_bwd(px: usize, pg: usize, pgx: usize, n: i32, beta: f32, th: f32, bh: f32, bl: f32): void {
  let i = 0;
  if (beta == 1) {
    for (; i <= n - 8; i += 8) {
      st(pgx, i, softplusB1(ld(px, i), ld(pg, i), th));
      st(pgx, i + 4, softplusB1(ld(px, i + 4), ld(pg, i + 4), th));
    }
  }
  for (; i <= n - 8; i += 8) {
    st(pgx, i, softplusB(ld(px, i), ld(pg, i), beta, th, bh, bl));
    st(pgx, i + 4, softplusB(ld(px, i + 4), ld(pg, i + 4), beta, th, bh, bl));
  }
  for (; i <= n - 4; i += 4) st(pgx, i, softplusB(ld(px, i), ld(pg, i), beta, th, bh, bl));
  if (i < n) stTail(pgx, i, softplusB(ldTail(px, i, n - i), ldTail(pg, i, n - i), beta, th, bh, bl), n - i);
}

// logsigmoid: y = min(x, 0) − log1p(e^{−|x|}); gx = gy·σ(−x).
@inline function logsigmoidF(x: v128): v128 {
  return sub(pmin(x, splat(ZERO)), log1pUnit(expNeg(negabs(x)))); // pmin keeps a NaN x
}
@inline function logsigmoidB(x: v128, g: v128): v128 {
  const e = expNeg(negabs(x));
  const f = div(e, add(e, splat(1)));
  return mul(g, sel(lt(x, splat(ZERO)), sub(splat(1), f), f));
}
export function logsigmoid_fwd(px: usize, py: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 8; i += 8) {
    st(py, i, logsigmoidF(ld(px, i)));
    st(py, i + 4, logsigmoidF(ld(px, i + 4)));
  }
  for (; i <= n - 4; i += 4) st(py, i, logsigmoidF(ld(px, i)));
  if (i < n) stTail(py, i, logsigmoidF(ldTail(px, i, n - i)), n - i);
}
export function logsigmoid_bwd(px: usize, pg: usize, pgx: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 8; i += 8) {
    st(pgx, i, logsigmoidB(ld(px, i), ld(pg, i)));
    st(pgx, i + 4, logsigmoidB(ld(px, i + 4), ld(pg, i + 4)));
  }
  for (; i <= n - 4; i += 4) st(pgx, i, logsigmoidB(ld(px, i), ld(pg, i)));
  if (i < n) stTail(pgx, i, logsigmoidB(ldTail(px, i, n - i), ldTail(pg, i, n - i)), n - i);
}

// ---------------------------------------------------------------- tanhshrink
// y = x − tanh(x) cancels for small |x|: below 1 it is x³·P(x²), P minimax of degree 8 on
// [0, 1] (relative error 4.5e-10). Above, (|x| − 1) + 2/(e^{2|x|} + 1) with the sign of x: two
// positive terms (|x| − 1 exact up to 2), no cancellation. y(±0) = +0 as PyTorch's x − tanh(x).
// gx = gy·tanh(x)², tanh(x) = x − y below 1 and 1 − 2/(e^{2|x|} + 1) above.
@inline function tanhshrinkP(s: v128): v128 {
  let p = madd(splat(4.84779791403156e-05), s, splat(-0.0003377336413391101));
  p = madd(p, s, splat(0.0012422294356855407));
  p = madd(p, s, splat(-0.0034784481140837376));
  p = madd(p, s, splat(0.008826279686970702));
  p = madd(p, s, splat(-0.021862583010281815));
  p = madd(p, s, splat(0.05396759767534534));
  p = madd(p, s, splat(-0.13333330904420265));
  return madd(p, s, splat(0.333333333183941));
}
@inline function tanhshrinkF(x: v128): v128 {
  const s = mul(x, x);
  const small = mul(mul(x, s), tanhshrinkP(s));
  const ax = abs(x);
  const e = expv(f32x4.pmin(add(ax, ax), splat(100.0))); // 2/(e + 1) is 0 from e^{100} on
  const big = copysign(add(sub(ax, splat(1)), div(splat(2), add(e, splat(1)))), x);
  const y = sel(lt(ax, splat(1)), small, big);
  return v128.andnot(y, eq(x, splat(ZERO)));
}
// tanh for the derivative from the same two pieces (about 1 ulp each): x − x³·P(x²) below 1.
@inline function tanhshrinkB(x: v128, g: v128): v128 {
  const s = mul(x, x);
  const ax = abs(x);
  const small = madd(neg(mul(x, s)), tanhshrinkP(s), x);
  const e = expv(f32x4.pmin(add(ax, ax), splat(100.0)));
  const big = copysign(sub(splat(1), div(splat(2), add(e, splat(1)))), x);
  const t = sel(lt(ax, splat(1)), small, big);
  return mul(g, mul(t, t));
}
export function tanhshrink_fwd(px: usize, py: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(py, i, tanhshrinkF(ld(px, i)));
  if (i < n) stTail(py, i, tanhshrinkF(ldTail(px, i, n - i)), n - i);
}
export function tanhshrink_bwd(px: usize, pg: usize, pgx: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(pgx, i, tanhshrinkB(ld(px, i), ld(pg, i)));
  if (i < n) stTail(pgx, i, tanhshrinkB(ldTail(px, i, n - i), ldTail(pg, i, n - i)), n - i);
}

// ---------------------------------------------------------------- snake, sine
// snake: y = x + sin²(αx)/α, gx = gy·(1 + 2·sin(αx)·cos(αx)) (= 1 + sin(2αx), but 2αx could
// overflow float32 in the large-argument path); sine (SIREN): y = sin(w0·x), gx = gy·w0·cos(w0·x).
// The products αx, w0·x are formed in float64 (sinCosV).
@inline function snakeF(x: v128, alpha: f64): v128 {
  const s = sinCosV(x, alpha, 0);
  return add(x, div(mul(s, s), splat(<f32>alpha)));
}
@inline function snakeB(x: v128, g: v128, alpha: f64): v128 {
  const s = sinCosV(x, alpha, 0);
  const c = sinCosV(x, alpha, 1);
  return mul(g, madd(add(s, s), c, splat(1)));
}
export function snake_fwd(px: usize, py: usize, n: i32, alpha: f64): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(py, i, snakeF(ld(px, i), alpha));
  if (i < n) stTail(py, i, snakeF(ldTail(px, i, n - i), alpha), n - i);
}
export function snake_bwd(px: usize, pg: usize, pgx: usize, n: i32, alpha: f64): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(pgx, i, snakeB(ld(px, i), ld(pg, i), alpha));
  if (i < n) stTail(pgx, i, snakeB(ldTail(px, i, n - i), ldTail(pg, i, n - i), alpha), n - i);
}
export function sine_fwd(px: usize, py: usize, n: i32, w0: f64): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(py, i, sinCosV(ld(px, i), w0, 0));
  if (i < n) stTail(py, i, sinCosV(ldTail(px, i, n - i), w0, 0), n - i);
}
export function sine_bwd(px: usize, pg: usize, pgx: usize, n: i32, w0: f64): void {
  const w = splat(<f32>w0);
  let i = 0;
  for (; i <= n - 4; i += 4) st(pgx, i, mul(ld(pg, i), mul(w, sinCosV(ld(px, i), w0, 1))));
  if (i < n) {
    const r = n - i;
    stTail(pgx, i, mul(ldTail(pg, i, r), mul(w, sinCosV(ldTail(px, i, r), w0, 1))), r);
  }
}

