// Fused forward/backward kernels for the self-gated activations x·g(x): SiLU/Swish, Mish,
// TanhExp, Serf. Accuracy conventions as in act-smooth.as.
//
// Their x·e^x tails: below x = −80 they are evaluated as m·e^x with the multiplier folded in
// before the final scaling (expSlow), so results that are normal although e^x is denormal keep
// full precision. At ±Inf they return what PyTorch's formulas give (x·g(x) at −Inf is −Inf·0 =
// NaN, the derivative NaN at ±Inf).
import {
  splat, add, sub, mul, div, madd, neg, abs, negabs, lt, le, gt, eq, sel, anyTrue, pmax, pmin, ld,
  st, ldTail, stTail, markSlowPath,
} from "./simd";
import { expv, expNeg, expFast, exp2v, expNegAbs2, expSlow, log1pv, tanhv, erfv, hiPart, loPart, beyond4 } from "./math";

const ZERO: f32 = 0;
const INF: f32 = Infinity;

const TWO_OVER_SQRTPI: f32 = 1.1283791670955126;

/** Lanes with x < −80: y = m(x)·e^x exactly scaled; lanes at −Inf: NaN (see header). */
function gatedTail(x: v128, y: v128, m: v128): v128 {
  markSlowPath();
  y = sel(lt(x, splat(-80)), expSlow(x, splat(0), m), y);
  return sel(eq(x, splat(-INF)), splat(NaN), y);
}
/** Same for derivatives; NaN at both infinities. */
function gatedTailD(x: v128, d: v128, m: v128): v128 {
  markSlowPath();
  d = sel(lt(x, splat(-80)), expSlow(x, splat(0), m), d);
  return sel(eq(abs(x), splat(INF)), splat(NaN), d);
}
@inline function needsTail(x: v128): bool {
  return anyTrue(v128.or(lt(x, splat(-80)), eq(abs(x), splat(INF))));
}

// ---------------------------------------------------------------- silu / swish
// y = x·σ(βx); gx = gy·σ(βx)·(1 + βx·σ(−βx)). β = bh + bl is split by the caller (bh with 12
// significant bits) so βx is carried exactly as hi + lo into e^{−|βx|}. Tails below βx = −80:
// x·e^{βx} and (1 + βx)·e^{βx}; PyTorch's SiLU is β = 1.
// x is clamped to ±2^64 for the exponent so β·x cannot overflow (σ is 0 or 1 long before).
@inline function swishF(x: v128, bh: f32, bl: f32): v128 {
  const xc = pmin(pmax(x, splat(-1.8446744e19)), splat(1.8446744e19));
  const xh = hiPart(xc);
  const hi = mul(xh, splat(bh));
  const lo = loPart(xc, xh, bh, bl);
  const pos = gt(hi, splat(ZERO));
  const e = expNegAbs2(hi, lo);
  const f = div(e, add(e, splat(1))); // σ(−|βx|)
  let y = mul(x, sel(pos, sub(splat(1), f), f));
  const bx = add(hi, lo);
  if (anyTrue(v128.or(lt(bx, splat(-80)), eq(abs(x), splat(INF))))) {
    y = sel(lt(bx, splat(-80)), expSlow(hi, lo, x), y);
    y = sel(eq(x, splat(-INF)), splat(NaN), y);
  }
  return y;
}
@inline function swishB(x: v128, g: v128, bh: f32, bl: f32): v128 {
  const xc = pmin(pmax(x, splat(-1.8446744e19)), splat(1.8446744e19));
  const xh = hiPart(xc);
  const hi = mul(xh, splat(bh));
  const lo = loPart(xc, xh, bh, bl);
  const pos = gt(hi, splat(ZERO));
  const e = expNegAbs2(hi, lo);
  const f = div(e, add(e, splat(1)));
  const s = sel(pos, sub(splat(1), f), f); // σ(βx)
  const sm = sel(pos, f, sub(splat(1), f)); // σ(−βx)
  const bx = add(hi, lo);
  // β·x beyond ±200: σ(−βx) is 0 there, and the clamp keeps bx·σ(−βx) from being Inf·0.
  let d = mul(s, madd(f32x4.pmin(f32x4.pmax(bx, splat(-200)), splat(200)), sm, splat(1)));
  if (anyTrue(v128.or(lt(bx, splat(-80)), eq(abs(x), splat(INF))))) {
    d = sel(lt(bx, splat(-80)), expSlow(hi, lo, add(bx, splat(1))), d);
    d = sel(eq(abs(x), splat(INF)), splat(NaN), d);
  }
  return mul(g, d);
}
export function silu_fwd(px: usize, py: usize, n: i32, bh: f32, bl: f32): void {
  let i = 0;
  for (; i <= n - 8; i += 8) {
    st(py, i, swishF(ld(px, i), bh, bl));
    st(py, i + 4, swishF(ld(px, i + 4), bh, bl));
  }
  for (; i <= n - 4; i += 4) st(py, i, swishF(ld(px, i), bh, bl));
  if (i < n) stTail(py, i, swishF(ldTail(px, i, n - i), bh, bl), n - i);
}
export function silu_bwd(px: usize, pg: usize, pgx: usize, n: i32, bh: f32, bl: f32): void {
  let i = 0;
  for (; i <= n - 8; i += 8) {
    st(pgx, i, swishB(ld(px, i), ld(pg, i), bh, bl));
    st(pgx, i + 4, swishB(ld(px, i + 4), ld(pg, i + 4), bh, bl));
  }
  for (; i <= n - 4; i += 4) st(pgx, i, swishB(ld(px, i), ld(pg, i), bh, bl));
  if (i < n) stTail(pgx, i, swishB(ldTail(px, i, n - i), ldTail(pg, i, n - i), bh, bl), n - i);
}

// β = 1 (PyTorch's SiLU): x is the exponent itself, so no split is needed. One range test per
// vector (|x| > 80: e^{−|x|} may leave the fast exponential's range, and the x·e^x tail needs
// its multiplier folded in) sends the rare vector to the general form; a second test inside
// expNeg cost 10–15% of the loop (A/B at load 15 on 2 cores).
@inline function silu1Core(x: v128): v128 {
  const e = expFast(negabs(x));
  return div(e, add(e, splat(1))); // σ(−|x|)
}
function silu1FSlow(x: v128): v128 {
  const e = expNeg(negabs(x));
  const f = div(e, add(e, splat(1)));
  return gatedTail(x, mul(x, sel(gt(x, splat(ZERO)), sub(splat(1), f), f)), x);
}
@inline function silu1F(x: v128): v128 {
  if (anyTrue(gt(abs(x), splat(80)))) return silu1FSlow(x);
  const f = silu1Core(x);
  return mul(x, sel(gt(x, splat(ZERO)), sub(splat(1), f), f));
}
/** σ(x)·(1 + x·σ(−x)) from f = σ(−|x|). */
@inline function silu1D(x: v128, f: v128): v128 {
  const pos = gt(x, splat(ZERO));
  const s = sel(pos, sub(splat(1), f), f);
  const sm = sel(pos, f, sub(splat(1), f));
  return mul(s, madd(x, sm, splat(1)));
}
function silu1BSlow(x: v128): v128 {
  const e = expNeg(negabs(x));
  return gatedTailD(x, silu1D(x, div(e, add(e, splat(1)))), add(x, splat(1)));
}
@inline function silu1B(x: v128, g: v128): v128 {
  if (anyTrue(gt(abs(x), splat(80)))) return mul(g, silu1BSlow(x));
  return mul(g, silu1D(x, silu1Core(x)));
}
/** Some lane of the four vectors needs the general form (|x| > 80, or NaN: also correct there). */
@inline function silu1Out4(a: v128, b: v128, c: v128, d: v128): bool {
  return beyond4(a, b, c, d, 80);
}
export function silu1_fwd(px: usize, py: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 16; i += 16) {
    // One range test for four vectors keeps the fast path one basic block, which TurboFan
    // schedules as a whole (four independent exp/div chains interleaved).
    const x0 = ld(px, i), x1 = ld(px, i + 4), x2 = ld(px, i + 8), x3 = ld(px, i + 12);
    if (silu1Out4(x0, x1, x2, x3)) {
      st(py, i, silu1FSlow(x0));
      st(py, i + 4, silu1FSlow(x1));
      st(py, i + 8, silu1FSlow(x2));
      st(py, i + 12, silu1FSlow(x3));
    } else {
      const f0 = silu1Core(x0), f1 = silu1Core(x1), f2 = silu1Core(x2), f3 = silu1Core(x3);
      st(py, i, mul(x0, sel(gt(x0, splat(ZERO)), sub(splat(1), f0), f0)));
      st(py, i + 4, mul(x1, sel(gt(x1, splat(ZERO)), sub(splat(1), f1), f1)));
      st(py, i + 8, mul(x2, sel(gt(x2, splat(ZERO)), sub(splat(1), f2), f2)));
      st(py, i + 12, mul(x3, sel(gt(x3, splat(ZERO)), sub(splat(1), f3), f3)));
    }
  }
  for (; i <= n - 4; i += 4) st(py, i, silu1F(ld(px, i)));
  if (i < n) stTail(py, i, silu1F(ldTail(px, i, n - i)), n - i);
}
export function silu1_bwd(px: usize, pg: usize, pgx: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 16; i += 16) {
    const x0 = ld(px, i), x1 = ld(px, i + 4), x2 = ld(px, i + 8), x3 = ld(px, i + 12);
    if (silu1Out4(x0, x1, x2, x3)) {
      st(pgx, i, mul(ld(pg, i), silu1BSlow(x0)));
      st(pgx, i + 4, mul(ld(pg, i + 4), silu1BSlow(x1)));
      st(pgx, i + 8, mul(ld(pg, i + 8), silu1BSlow(x2)));
      st(pgx, i + 12, mul(ld(pg, i + 12), silu1BSlow(x3)));
    } else {
      const d0 = silu1D(x0, silu1Core(x0)), d1 = silu1D(x1, silu1Core(x1));
      const d2 = silu1D(x2, silu1Core(x2)), d3 = silu1D(x3, silu1Core(x3));
      st(pgx, i, mul(ld(pg, i), d0));
      st(pgx, i + 4, mul(ld(pg, i + 4), d1));
      st(pgx, i + 8, mul(ld(pg, i + 8), d2));
      st(pgx, i + 12, mul(ld(pg, i + 12), d3));
    }
  }
  for (; i <= n - 4; i += 4) st(pgx, i, silu1B(ld(px, i), ld(pg, i)));
  if (i < n) stTail(pgx, i, silu1B(ldTail(px, i, n - i), ldTail(pg, i, n - i)), n - i);
}

// ---------------------------------------------------------------- mish
// y = x·tanh(softplus(x)). With q = e^{−|x|}: tanh(softplus(x)) = (1 + 2q)/(1 + 2q + 2q²) for
// x >= 0 and q(q + 2)/(q(q + 2) + 2) for x < 0 (no overflow, no cancellation). The derivative
// tanh(sp) + x·σ(x)·sech²(sp) becomes t + x·4q(1 + q)·m/den² with m = q (x >= 0) or 1 (x < 0).
@inline function mishF(x: v128): v128 {
  const q = expNeg(negabs(x));
  const pos = le(splat(ZERO), x);
  const a = madd(q, splat(2), splat(1)); // 1 + 2q
  const b = mul(q, add(q, splat(2))); // q(q + 2)
  const t = div(sel(pos, a, b), sel(pos, madd(mul(q, q), splat(2), a), add(b, splat(2))));
  let y = mul(x, t);
  if (needsTail(x)) y = gatedTail(x, y, x);
  return y;
}
@inline function mishB(x: v128, g: v128): v128 {
  const q = expNeg(negabs(x));
  const pos = le(splat(ZERO), x);
  const a = madd(q, splat(2), splat(1));
  const b = mul(q, add(q, splat(2)));
  const den = sel(pos, madd(mul(q, q), splat(2), a), add(b, splat(2)));
  const t = div(sel(pos, a, b), den);
  const m = sel(pos, q, splat(1));
  const k = div(mul(mul(mul(q, splat(4)), add(q, splat(1))), m), mul(den, den));
  let d = madd(x, k, t);
  if (needsTail(x)) d = gatedTailD(x, d, add(x, splat(1)));
  return mul(g, d);
}
export function mish_fwd(px: usize, py: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 8; i += 8) {
    st(py, i, mishF(ld(px, i)));
    st(py, i + 4, mishF(ld(px, i + 4)));
  }
  for (; i <= n - 4; i += 4) st(py, i, mishF(ld(px, i)));
  if (i < n) stTail(py, i, mishF(ldTail(px, i, n - i)), n - i);
}
export function mish_bwd(px: usize, pg: usize, pgx: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 8; i += 8) {
    st(pgx, i, mishB(ld(px, i), ld(pg, i)));
    st(pgx, i + 4, mishB(ld(px, i + 4), ld(pg, i + 4)));
  }
  for (; i <= n - 4; i += 4) st(pgx, i, mishB(ld(px, i), ld(pg, i)));
  if (i < n) stTail(pgx, i, mishB(ldTail(px, i, n - i), ldTail(pg, i, n - i)), n - i);
}

// ---------------------------------------------------------------- tanhexp, serf
// tanhexp: y = x·tanh(e^x); f' = tanh(u) + x·u·sech²(u), u = e^x, sech²(u) = 4q/(1 + q)² with
// q = e^{−2u}; for x > 20 f' rounds to 1 (and u would overflow beyond 88).
@inline function tanhexpF(x: v128): v128 {
  let y = mul(x, tanhv(expv(x)));
  if (needsTail(x)) y = gatedTail(x, y, x);
  return y;
}
@inline function tanhexpB(x: v128, g: v128): v128 {
  const xc = f32x4.pmin(x, splat(20));
  const u = expv(xc);
  // e^{−2u} is clamped at e^{−87}: beyond, x·u·sech²(u) is far below an ulp of tanh(u) = 1, and
  // the clamp keeps this common range (x > 3.8) off exp's slow path.
  const q = expNeg(pmax(mul(u, splat(-2)), splat(-87)));
  const d1 = add(q, splat(1));
  const sech2 = div(mul(q, splat(4)), mul(d1, d1));
  let d = sel(gt(x, splat(20)), splat(1), madd(mul(x, u), sech2, tanhv(u)));
  if (needsTail(x)) d = gatedTailD(x, d, add(x, splat(1)));
  return mul(g, d);
}
export function tanhexp_fwd(px: usize, py: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 8; i += 8) {
    st(py, i, tanhexpF(ld(px, i)));
    st(py, i + 4, tanhexpF(ld(px, i + 4)));
  }
  for (; i <= n - 4; i += 4) st(py, i, tanhexpF(ld(px, i)));
  if (i < n) stTail(py, i, tanhexpF(ldTail(px, i, n - i)), n - i);
}
export function tanhexp_bwd(px: usize, pg: usize, pgx: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(pgx, i, tanhexpB(ld(px, i), ld(pg, i)));
  if (i < n) stTail(pgx, i, tanhexpB(ldTail(px, i, n - i), ldTail(pg, i, n - i)), n - i);
}

// serf: y = x·erf(softplus(x)); f' = erf(sp) + x·(2/√π)·e^{−sp²}·σ(x).
@inline function softplus1(x: v128, q: v128): v128 { return add(pmax(x, splat(ZERO)), log1pv(q)); }
@inline function serfF(x: v128): v128 {
  const q = expNeg(negabs(x));
  let y = mul(x, erfv(softplus1(x, q)));
  // The multiplier is clamped so x·2/√π cannot overflow (below −110 the result is 0 anyway).
  if (needsTail(x)) y = gatedTail(x, y, mul(pmax(x, splat(-1e30)), splat(TWO_OVER_SQRTPI)));
  return y;
}
@inline function serfB(x: v128, g: v128): v128 {
  const q = expNeg(negabs(x));
  const sp = softplus1(x, q);
  const f = div(q, add(q, splat(1)));
  const s = sel(gt(x, splat(ZERO)), sub(splat(1), f), f);
  // e^{−sp²} is 0 below e^{−87} (sp > 9.3, where the term is far below an ulp of erf(sp) = 1):
  // this keeps that range off exp's slow path; 0 rather than e^{−87} because x may be huge.
  const nsp2 = neg(mul(sp, sp));
  const e = v128.andnot(expNeg(pmax(nsp2, splat(-87))), lt(nsp2, splat(-87)));
  let d = madd(mul(mul(e, splat(TWO_OVER_SQRTPI)), x), s, erfv(sp)); // e first: x·2/√π overflows
  if (needsTail(x)) d = gatedTailD(x, d, mul(add(pmax(x, splat(-1e30)), splat(1)), splat(TWO_OVER_SQRTPI)));
  return mul(g, d);
}
export function serf_fwd(px: usize, py: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(py, i, serfF(ld(px, i)));
  if (i < n) stTail(py, i, serfF(ldTail(px, i, n - i)), n - i);
}
export function serf_bwd(px: usize, pg: usize, pgx: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(pgx, i, serfB(ld(px, i), ld(pg, i)));
  if (i < n) stTail(pgx, i, serfB(ldTail(px, i, n - i), ldTail(pg, i, n - i)), n - i);
}
