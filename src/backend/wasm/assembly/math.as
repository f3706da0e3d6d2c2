// Vectorised float32 elementary functions on f32x4: exp, expm1, log, log1p, tanh, sigmoid, erf.
//
// Targets: a few ulps over the whole float32 range, NaN in -> NaN out, the IEEE results at
// ±Inf and ±0 (signed zero kept where the function is odd), and correct denormal results.
// Wasm SIMD (Node 20) has no FMA, so each polynomial step rounds twice. The log polynomial is
// Cephes' logf; exp's, erf's and erfc's were fitted for this file (minimax for relative error
// by Lawson's algorithm in float64 against mpmath, then checked in float32 by the tests).
// Rare inputs (|x| > 87 for exp, x <= 0 or Inf for log) take a branch that is taken only when
// some lane needs it, so the common path stays short; those slow-path functions call
// markSlowPath (see simd.as for why that matters).
import {
  splat, isplat, add, sub, mul, div, madd, neg, abs, negabs, lt, gt, eq, sel, anyTrue, pmax, pmin, copysign,
  markSlowPath,
} from "./simd";

// ---------------------------------------------------------------- exp
// e^x = 2^n · e^r with n = round(x·log2 e) and r = x − n·ln 2 in [−ln2/2, ln2/2]. ln 2 is split
// Cody–Waite style: LN2_HI has 9 significant bits, so n·LN2_HI is exact for |n| < 2^15 and
// x − n·LN2_HI is exact (Sterbenz); LN2_LO carries the next 24 bits. Where the steps are written as
// multiply-adds they are exact or more accurate when fused (relaxed build), the same when not.
const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
// Adding 1.5·2^23 rounds a float in (−2^22, 2^22) to an integer (ties to even) held in the low
// mantissa bits. The +127 variant leaves n + 127, the IEEE exponent of 2^n, in those bits, so
// shifting the bit pattern left by 23 gives 2^n directly (valid for n in [−126, 127]).
const ROUND_MAGIC: f32 = 12582912.0; // 0x1.8p23
const ROUND_MAGIC_BIASED: f32 = 12583039.0; // 0x1.8000FEp23
// Beyond this |x| the single-scale path could leave the normal range of 2^n.
const EXP_FAST_LIMIT: f32 = 87.0;

/**
 * P with e^r = 1 + r + r²·P(r) on [−ln2/2, ln2/2]: degree 4, minimax for the relative error of
 * P (1.25e-7; as r²·P is at most 0.07 of e^r this costs e^r under 0.15 ulp). One degree less
 * than Cephes' expf, which it matches in accuracy.
 */
@inline function expP(r: v128): v128 {
  // Estrin's scheme, (c0 + c1·r) + r²·((c2 + c3·r) + r²·c4): a chain of 3 multiply-adds after r²
  // instead of Horner's 4; the exp-based loops are bound by latency, not by throughput.
  const r2 = mul(r, r);
  const lo = madd(splat(0.16666576962214688), r, splat(0.4999999955016527));
  const hi = madd(splat(0.0013901309451128541), r2, madd(splat(0.008363200057520791), r, splat(0.041666854098586004)));
  return madd(hi, r2, lo);
}

/**
 * e^(hi+lo)·m for any input: NaN propagates, large arguments give m·Inf or m·0, and results
 * in the denormal range are rounded once. 2^n is applied as 2^n1·2^n2 (n1 = n>>1) so both
 * factors stay normal while n runs from −159 to 137; m is multiplied in before the last (only
 * inexact) scaling, so m·e^x is accurate even when e^x alone would be denormal (x·e^x tails).
 * Below −110 the result is m·0 (exact for the |m| < 2^40 the kernels pass).
 */
export function expSlow(hi: v128, lo: v128, m: v128): v128 {
  markSlowPath();
  const sum = add(hi, lo);
  const under = lt(sum, splat(-110.0));
  const over = gt(sum, splat(95.0));
  const out = v128.or(under, over);
  const h = sel(out, pmin(pmax(sum, splat(-110.0)), splat(95.0)), hi);
  const l = v128.andnot(lo, out);
  const t = madd(add(h, l), splat(LOG2E), splat(ROUND_MAGIC));
  const ni = i32x4.sub(t, isplat(0x4b400000)); // integer n from the bit pattern of t
  const n = sub(t, splat(ROUND_MAGIC));
  let r = madd(n, splat(-LN2_HI), h);
  r = add(r, l);
  r = madd(n, splat(-LN2_LO), r);
  const er = add(madd(mul(r, r), expP(r), r), splat(1.0));
  const n1 = i32x4.shr_s(ni, 1);
  const n2 = i32x4.sub(ni, n1);
  const s1 = i32x4.shl(i32x4.add(n1, isplat(127)), 23);
  const s2 = i32x4.shl(i32x4.add(n2, isplat(127)), 23);
  let res = mul(mul(mul(er, m), s1), s2);
  res = sel(under, mul(m, splat(0)), res);
  return sel(over, mul(m, splat(Infinity)), res);
}

/** e^(hi+lo) for |hi+lo| <= 87 (2^n normal): one scaling by a power of two, exact. */
@inline export function expFast2(hi: v128, lo: v128): v128 {
  // n from hi alone: |lo| is tiny, so r ends at most |lo| outside [−ln2/2, ln2/2] (harmless).
  const t = madd(hi, splat(LOG2E), splat(ROUND_MAGIC_BIASED));
  const s = i32x4.shl(t, 23);
  const n = sub(t, splat(ROUND_MAGIC_BIASED));
  let r = madd(n, splat(-LN2_HI), hi);
  r = add(r, lo);
  r = madd(n, splat(-LN2_LO), r);
  return mul(add(madd(mul(r, r), expP(r), r), splat(1.0)), s);
}

/** e^x for |x| <= 87 (2^n normal); no range check (callers test their own range once). */
@inline export function expFast(x: v128): v128 {
  const t = madd(x, splat(LOG2E), splat(ROUND_MAGIC_BIASED));
  const s = i32x4.shl(t, 23);
  const n = sub(t, splat(ROUND_MAGIC_BIASED));
  // Not madd here: the fused form made V8's sigmoid loop 25% slower (exp itself 8% faster).
  let r = sub(x, mul(n, splat(LN2_HI)));
  r = sub(r, mul(n, splat(LN2_LO)));
  return mul(add(madd(mul(r, r), expP(r), r), splat(1.0)), s);
}

/**
 * e^x·2^−k, for |x| <= 87 and n − k in [−126, 1] with n = round(x·log2 e) (callers check once):
 * expFast with k taken off the exponent bits of the power of two, so the scaling is exact and
 * the error is expFast's whatever k is. Softmax shifts by k·ln 2 ≈ max this way instead of
 * subtracting the max from x (x − max rounds, and that error grows with |x − max|).
 */
@inline export function expFastScaled(x: v128, k: v128): v128 {
  const t = madd(x, splat(LOG2E), splat(ROUND_MAGIC_BIASED));
  const s = i32x4.shl(i32x4.sub(t, k), 23);
  const n = sub(t, splat(ROUND_MAGIC_BIASED));
  let r = sub(x, mul(n, splat(LN2_HI)));
  r = sub(r, mul(n, splat(LN2_LO)));
  return mul(add(madd(mul(r, r), expP(r), r), splat(1.0)), s);
}

/** e^x, full range. Max error about 1 ulp; denormal results rounded once. */
@inline export function expv(x: v128): v128 {
  if (anyTrue(gt(abs(x), splat(EXP_FAST_LIMIT)))) return expSlow(x, splat(0), splat(1));
  return expFast(x);
}

/** e^z for z <= 0 (or NaN): one comparison for the slow path instead of two. */
@inline export function expNeg(z: v128): v128 {
  if (anyTrue(lt(z, splat(-EXP_FAST_LIMIT)))) return expSlow(z, splat(0), splat(1));
  return expFast(z);
}

/**
 * e^(hi+lo) where hi+lo is an argument carried in two floats (hi exact, lo a small
 * correction), e.g. −x² split so that no rounding of the square is amplified by the exp.
 */
@inline export function exp2v(hi: v128, lo: v128): v128 {
  if (anyTrue(gt(abs(hi), splat(EXP_FAST_LIMIT)))) return expSlow(hi, lo, splat(1));
  return expFast2(hi, lo);
}

/** exp2v for hi <= 0 (or NaN): one comparison for the slow path instead of two. */
@inline export function exp2Neg(hi: v128, lo: v128): v128 {
  if (anyTrue(lt(hi, splat(-EXP_FAST_LIMIT)))) return expSlow(hi, lo, splat(1));
  return expFast2(hi, lo);
}

/**
 * m·e^(hi+lo) for hi <= 0 (or NaN), the argument carried in two floats as for exp2v. In the slow
 * path m is folded in before the last scaling, so a product in the denormal range is rounded
 * once (the fast path's e^(hi+lo) is normal, and m·e^(hi+lo) one rounding).
 */
@inline export function mulExp2Neg(m: v128, hi: v128, lo: v128): v128 {
  if (anyTrue(lt(hi, splat(-EXP_FAST_LIMIT)))) return expSlow(hi, lo, m);
  return mul(m, expFast2(hi, lo));
}

/** e^{−|hi + lo|}: the argument negated where hi > 0, then exp2Neg. */
@inline export function expNegAbs2(hi: v128, lo: v128): v128 {
  return exp2Neg(negabs(hi), sel(gt(hi, splat(0)), neg(lo), lo));
}

// ---------------------------------------------------------------- exact products c·x
/** x split as hi + lo with hi = x with the low 12 mantissa bits cleared (12 significant bits). */
@inline export function hiPart(x: v128): v128 { return v128.and(x, isplat(<i32>0xfffff000)); }
/**
 * The low part of c·x for c = ch + cl (ch with 12 significant bits, so xh·ch is exact): the
 * product is carried as hi = xh·ch, lo = (x − xh)·ch + x·cl. lo is 0 for x = ±Inf (not NaN).
 */
@inline export function loPart(x: v128, xh: v128, ch: f32, cl: f32): v128 {
  const lo = add(mul(sub(x, xh), splat(ch)), mul(x, splat(cl)));
  return v128.andnot(lo, eq(abs(x), splat(Infinity)));
}

// ---------------------------------------------------------------- expm1
// expm1(x) = 2^n·(e^r − 1) + (2^n − 1). e^r − 1 = r + r²·P(r) keeps full relative accuracy
// near 0; 2^n − 1 is exact for the n that matter (|n| <= 24), beyond that the −1 is below half
// an ulp of the result.
@inline function expm1Core(x: v128): v128 {
  const t = madd(x, splat(LOG2E), splat(ROUND_MAGIC_BIASED));
  const s = i32x4.shl(t, 23);
  const n = sub(t, splat(ROUND_MAGIC_BIASED));
  let r = madd(n, splat(-LN2_HI), x);
  r = madd(n, splat(-LN2_LO), r);
  const em = madd(mul(r, r), expP(r), r);
  return add(mul(s, em), sub(s, splat(1.0)));
}

/** expm1 for x in [−18, 0] or NaN (used by tanh): no range checks. */
@inline export function expm1Neg(x: v128): v128 {
  return expm1Core(pmax(x, splat(-18.0)));
}

/** e^x − 1, full range. Below −18 the result rounds to −1; above 88 it equals e^x. */
@inline export function expm1v(x: v128): v128 {
  // pmax/pmin keep NaN (it is the first operand); x < −18 clamps to −18, where expm1 = −1.
  let r = expm1Core(pmin(pmax(x, splat(-18.0)), splat(88.0)));
  // |x| < 2^-24: expm1(x) rounds to x; this also keeps −0 and denormals exact.
  r = sel(lt(abs(x), splat(5.9604645e-8)), x, r);
  const big = gt(x, splat(88.0));
  if (anyTrue(big)) r = sel(big, expSlow(x, splat(0), splat(1)), r);
  return r;
}

// ---------------------------------------------------------------- log, log1p
// log(x) = k·ln 2 + log(1 + f) with 1 + f in [√2/2, √2): adding 0x3f800000 − 0x3f3504f3 to the
// bit pattern moves the exponent boundary from 1 to √2/2 (musl's logf trick), then the mantissa
// is rebased onto [√2/2, √2). log(1+f) = f − f²/2 + f³·P(f) with Cephes' logf polynomial.
const SQRTH_SHIFT: i32 = 0x3f800000 - 0x3f3504f3;
const SQRTH_BITS: i32 = 0x3f3504f3;
const MIN_NORMAL: f32 = 1.17549435e-38;
const INF: f32 = Infinity;

/** log(1 + f) + k·ln 2 + c, summed in Cephes' order (small terms first, k·LN2_HI last). */
@inline function logAssemble(f: v128, kf: v128, c: v128): v128 {
  const z = mul(f, f);
  let p = madd(splat(7.0376836292e-2), f, splat(-1.1514610310e-1));
  p = madd(p, f, splat(1.1676998740e-1));
  p = madd(p, f, splat(-1.2420140846e-1));
  p = madd(p, f, splat(1.4249322787e-1));
  p = madd(p, f, splat(-1.6668057665e-1));
  p = madd(p, f, splat(2.0000714765e-1));
  p = madd(p, f, splat(-2.4999993993e-1));
  p = madd(p, f, splat(3.3333331174e-1));
  let y = mul(mul(p, f), z);
  y = add(y, add(mul(kf, splat(LN2_LO)), c));
  y = sub(y, mul(z, splat(0.5)));
  return madd(kf, splat(LN2_HI), add(f, y));
}

/** Fixes lanes where x is ±0, negative, +Inf or NaN (rare; taken only when a lane needs it). */
function logSpecial(x: v128, r: v128): v128 {
  markSlowPath();
  r = sel(eq(x, splat(0)), splat(-INF), r);
  r = sel(lt(x, splat(0)), splat(NaN), r);
  r = sel(eq(x, splat(INF)), x, r);
  return sel(f32x4.ne(x, x), x, r);
}

/** Natural log, full range including denormals. Max error about 1 ulp. */
@inline export function logv(x: v128): v128 {
  const den = lt(x, splat(MIN_NORMAL)); // denormals are scaled by 2^23 first
  const xs = sel(den, mul(x, splat(8388608.0)), x);
  const ix = i32x4.add(xs, isplat(SQRTH_SHIFT));
  let k = i32x4.sub(i32x4.shr_s(ix, 23), isplat(127));
  k = i32x4.sub(k, v128.and(den, isplat(23)));
  const f = sub(i32x4.add(v128.and(ix, isplat(0x007fffff)), isplat(SQRTH_BITS)), splat(1.0));
  const r = logAssemble(f, f32x4.convert_i32x4_s(k), splat(0));
  const ok = v128.and(gt(x, splat(0)), lt(x, splat(INF)));
  if (!i32x4.all_true(ok)) return logSpecial(x, r);
  return r;
}

/** Fixes lanes where x <= −1, +Inf or NaN. */
function log1pSpecial(x: v128, r: v128): v128 {
  markSlowPath();
  r = sel(eq(x, splat(-1)), splat(-INF), r);
  r = sel(lt(x, splat(-1)), splat(NaN), r);
  r = sel(eq(x, splat(INF)), x, r);
  return sel(f32x4.ne(x, x), x, r);
}

/**
 * log(1 + x), full range. u = 1 + x is rounded; the rounding error is put back as
 * c/u with c = x − (u − 1) (or 1 − (u − x) when u >= 4, both exact), as in musl's log1pf.
 * When u < √2 the reduction needs no correction: f = x exactly.
 */
@inline export function log1pv(x: v128): v128 {
  const u = add(x, splat(1.0));
  const iu = i32x4.add(u, isplat(SQRTH_SHIFT));
  const k = i32x4.sub(i32x4.shr_s(iu, 23), isplat(127));
  const k0 = i32x4.eq(k, isplat(0));
  let c = sel(i32x4.gt_s(k, isplat(1)), sub(splat(1.0), sub(u, x)), sub(x, sub(u, splat(1.0))));
  c = div(c, u);
  c = v128.and(c, v128.and(i32x4.lt_s(k, isplat(25)), v128.not(k0))); // negligible for k >= 25
  let f = sub(i32x4.add(v128.and(iu, isplat(0x007fffff)), isplat(SQRTH_BITS)), splat(1.0));
  f = sel(k0, x, f);
  let r = logAssemble(f, f32x4.convert_i32x4_s(k), c);
  r = sel(lt(abs(x), splat(5.9604645e-8)), x, r); // log1p(x) rounds to x; keeps −0, denormals
  const ok = v128.and(gt(x, splat(-1)), lt(x, splat(INF)));
  if (!i32x4.all_true(ok)) return log1pSpecial(x, r);
  return r;
}

/**
 * log(1 + e) for e in [0, 1] (or NaN), as softplus and logsigmoid need for e = e^{−|z|}:
 * 2·atanh(t/2) = t + t·w·Q(w) with t = 2e/(2 + e) in [0, 2/3] and w = t²/4, Q a degree-4
 * least-squares fit for relative error on [0, 1/9] (its error adds < 0.01 ulp). The rounding
 * of 2 + e is put back (c below, exact by Sterbenz) so t carries one rounding, the division's;
 * 2e/(2 + e) rather than e/(2 + e) keeps t = e exact for denormal e. About 1 ulp, a third of
 * log1pv's work and no special-value branch.
 */
@inline export function log1pUnit(e: v128): v128 {
  const u = add(e, splat(2.0));
  const c = sub(e, sub(u, splat(2.0))); // 2 + e = u + c exactly
  const t0 = div(add(e, e), u);
  const t = madd(mul(t0, c), splat(-0.4), t0); // t0·(1 − c/u): 1/u ≈ 0.4 suffices for a term < 2^-24
  const w = mul(mul(t, t), splat(0.25));
  const w2 = mul(w, w);
  const lo = madd(splat(0.19999883082159809), w, splat(0.3333333348609968));
  const hi = madd(splat(0.11549510945129343), w2, madd(splat(0.10868078478563088), w, splat(0.14295049726111964)));
  return madd(mul(t, w), madd(hi, w2, lo), t);
}

// ---------------------------------------------------------------- tanh, sigmoid
/**
 * tanh(x) = −expm1(−2|x|) / (expm1(−2|x|) + 2) with the sign of x: one expm1 of a non-positive
 * argument (no overflow, full relative accuracy for small |x|, saturating to ±1 from |x| = 9).
 * For tiny |x| every step is exact (expm1(z) = z, z/2 = |x|), denormals included; OR-ing in the
 * sign bit of x gives tanh(−0) = −0.
 */
@inline export function tanhv(x: v128): v128 {
  const e = expm1Neg(mul(abs(x), splat(-2.0)));
  const t = div(sub(splat(0), e), add(e, splat(2.0))); // 0 − e: +0 for e = ±0, so the OR sets the sign
  return v128.or(t, v128.and(x, isplat(0x80000000)));
}

/** Logistic sigmoid via e = e^{−|x|}: σ(−|x|) = e/(1+e), σ(|x|) = 1 − e/(1+e). */
@inline export function sigmoidv(x: v128): v128 {
  return sigmoidFrom(x, expNeg(negabs(x)));
}
/** σ(x) from e = e^{−|x|}. */
@inline export function sigmoidFrom(x: v128, e: v128): v128 {
  const f = div(e, add(e, splat(1.0)));
  return sel(gt(x, splat(0)), sub(splat(1.0), f), f);
}
/**
 * True when e^{−|x|} of some lane of a, b, c or d needs exp's slow path (|x| > 87, or NaN):
 * loops over exp-based kernels test several vectors at once and then take expFast for all,
 * which keeps the common path one basic block that V8 schedules as a whole (independent chains
 * interleave). A/B against two expNeg calls with a test each (2^20 floats timed in 2^14 slices,
 * load 15 on 2 cores): silu 1.1–1.2×, sigmoid and gelu 1.02–1.05×; four vectors per test against
 * two, same build, 2^20 floats, load 5: sigmoid 1.05–1.10×, silu 1.08–1.14×.
 */
@inline export function needsExpSlow4(a: v128, b: v128, c: v128, d: v128): bool {
  return beyond4(a, b, c, d, EXP_FAST_LIMIT);
}
/**
 * Some lane of a or b (beyond4: a, b, c, d) has |x| > limit or is NaN. Compared as integers (|x|'s bits are
 * monotonic in |x|, NaN's above Inf's): a float pmax would let a NaN lane hide a large value in
 * the same lane of another vector, sending it down the fast path out of its range.
 */
@inline export function beyond2(a: v128, b: v128, limit: f32): bool {
  const m = isplat(0x7fffffff);
  return anyTrue(i32x4.gt_s(i32x4.max_s(v128.and(a, m), v128.and(b, m)), isplat(reinterpret<i32>(limit))));
}
/** beyond2 over four vectors. */
@inline export function beyond4(a: v128, b: v128, c: v128, d: v128, limit: f32): bool {
  const m = isplat(0x7fffffff);
  const ab = i32x4.max_s(v128.and(a, m), v128.and(b, m));
  const cd = i32x4.max_s(v128.and(c, m), v128.and(d, m));
  return anyTrue(i32x4.gt_s(i32x4.max_s(ab, cd), isplat(reinterpret<i32>(limit))));
}

// ---------------------------------------------------------------- erf, erfc
// |x| < 1: erf(x) = x + x·Q(x²) with Q(s) = erf(x)/x − 1, degree 6 minimax on [0, 1] (relative
// error 1.2e-9 before rounding); writing the leading term as x itself keeps it exact.
// |x| >= 1: erfc(a) = e^{−a²}·R(q)/a with R(a) = a·e^{a²}·erfc(a) a polynomial in
// q = (a − 3)/(a + 3) of degree 10, minimax over a in [0.3, 10.1] (relative error 1.1e-9).
// The map a -> q squeezes the slow 1/a asymptotics of R into a short interval (Juffa's erfcf
// uses the same idea with (a − 2)/(a + 2)).
// e^{−a²} is evaluated from a² split exactly into hi + lo (a_hi has 12 significant bits, so
// a_hi² is exact), so the rounding of a² is not multiplied by a² in the exponential.

@inline function erfSmallQ(s: v128): v128 {
  // Estrin: (c0 + c1 s) + s²(c2 + c3 s) + s⁴(c4 + c5 s + c6 s²).
  const s2 = mul(s, s);
  const e0 = madd(splat(-0.3761262582857804), s, splat(0.1283791657283055)); // c0 = 2/√π − 1
  const e1 = madd(splat(-0.026853813083866918), s, splat(0.11283585182660918));
  const e2 = madd(madd(splat(7.853906971649893e-05), s, splat(-0.0008010208582763245)), s, splat(0.005188329575361791));
  return madd(madd(e2, s2, e1), s2, e0);
}

/** erf(x) for |x| <= 1 (also fine for tiny and denormal x, and −0). */
@inline export function erfSmall(x: v128): v128 {
  return madd(x, erfSmallQ(mul(x, x)), x);
}

@inline function qHalf(ad: v128): v128 {
  return f32x4.demote_f64x2_zero(f64x2.div(f64x2.sub(ad, f64x2.splat(3.0)), f64x2.add(ad, f64x2.splat(3.0))));
}

/**
 * R(a) = a·e^{a²}·erfc(a) for a in [0.3, 10.1]. Evaluated by Estrin's scheme (pairs, then
 * powers q², q⁴, q⁸): a dependency chain of 5 multiply-adds instead of Horner's 10, which matters
 * because GELU's loop is long enough that the out-of-order window holds only two iterations.
 */
@inline export function erfcR(a: v128): v128 {
  // q in float64: R is steep near a = 0.3, where a float32 q (three roundings) costs ~2 ulps.
  const q = f32x4.shuffle(qHalf(f64x2.promote_low_f32x4(a)), qHalf(f64x2.promote_low_f32x4(f32x4.shuffle(a, a, 2, 3, 0, 1))), 0, 1, 4, 5);
  const q2 = mul(q, q);
  const q4 = mul(q2, q2);
  const e0 = madd(splat(0.09530622158201338), q, splat(0.5370034540214232));
  const e1 = madd(splat(0.13988075707787093), q, splat(-0.1465831143541951));
  const e2 = madd(splat(0.04634848592873754), q, splat(-0.0954681782148143));
  const e3 = madd(splat(0.0009120184915552103), q, splat(-0.014033520564211387));
  const e4 = madd(splat(-0.00038425411726189865), q, splat(0.0012929372704171653));
  const f2 = madd(splat(-0.00014802642622321546), q2, e4);
  const f0 = madd(e1, q2, e0);
  const f1 = madd(e3, q2, e2);
  return madd(madd(f2, q4, f1), q4, f0);
}

/**
 * e^{−a²} for a = |x| (halfSquare false) or e^{−x²/2} (halfSquare true), with the square split
 * exactly into hi + lo (x_hi keeps 12 significant bits) so its rounding is not multiplied by
 * the square in the exponential. |x| is capped at `cap` first (NaN propagates).
 */
@inline export function expNegSquare(ax: v128, halfSquare: bool, cap: f32): v128 {
  const xc = pmin(ax, splat(cap));
  const xh = v128.and(xc, isplat(<i32>0xfffff000));
  let hi = neg(mul(xh, xh));
  let lo = neg(mul(sub(xc, xh), add(xc, xh)));
  if (halfSquare) {
    hi = mul(hi, splat(0.5));
    lo = mul(lo, splat(0.5));
  }
  return exp2Neg(hi, lo);
}

/** R(a)/a = e^{a²}·erfc(a) for a >= 0.3 (so erfc(a) = e^{−a²}·erfcRatio(a)). */
@inline export function erfcRatio(a: v128): v128 {
  return div(erfcR(a), a);
}

/** erf(x), full range: polynomial below 1, 1 − erfc above (saturating to ±1 beyond 3.92). */
@inline export function erfv(x: v128): v128 {
  const ax = abs(x);
  const small = erfSmall(x);
  // erfc(4)·2^24 < 1/2: erf rounds to ±1 beyond 4, so the argument is capped there.
  const a = pmin(ax, splat(4.0));
  const big = copysign(sub(splat(1.0), mul(expNegSquare(ax, false, 4.0), erfcRatio(a))), x);
  return sel(lt(ax, splat(1.0)), small, big);
}
