// Vectorised sin/cos of float32, computed in float64 (two f64x2 halves per f32x4).
//
// Why float64: a float32 Cody–Waite reduction without FMA loses the relative accuracy of
// sin(x) near multiples of π already for |x| of a few thousand. In float64 the musl/FreeBSD
// __rem_pio2f medium path (π/2 = PIO2_1 + PIO2_1T, PIO2_1 with 25 significant bits so
// n·PIO2_1 is exact for n < 2^28) and the __sindf/__cosdf polynomials (errors 2^-37.5 and
// 2^-34.1 on [−π/4, π/4]) give results that are correctly rounded almost always after the
// final rounding to float32. An optional float64 scale α computes sin(α·x) without rounding
// α·x to float32 first (used by the Snake and SIREN activations).
//
// |α·x| >= 2^28, ±Inf and NaN go to a per-lane path: Payne–Hanek reduction of the float32
// argument with a 192-bit table of 2/π (ARM optimized-routines' reduce_large), then the same
// polynomials. For a scaled argument that path reduces float32(α·x).
import { splat, abs, lt, eq, sel, anyTrue, markSlowPath } from "./simd";

const INVPIO2: f64 = 0.6366197723675814;
const PIO2_1: f64 = 1.5707963109016418; // first 25 bits of π/2
const PIO2_1T: f64 = 1.5893254773528196e-8; // π/2 − PIO2_1
const S1: f64 = -0.16666666641626524;
const S2: f64 = 0.008333329385889463;
const S3: f64 = -0.00019839334836096632;
const S4: f64 = 2.718311493989822e-6;
const C0: f64 = -0.499999997251031;
const C1: f64 = 0.04166662332373906;
const C2: f64 = -0.001388676377460993;
const C3: f64 = 2.439044879627741e-5;
const PI63: f64 = 3.4061215800865545e-19; // π/2 · 2^-62
const MEDIUM_LIMIT: f32 = 268435456.0; // 2^28

// 2/π in overlapping 32-bit windows, 8 new bits per entry (ARM optimized-routines __inv_pio4).
const INV_PIO4 = memory.data<u32>([
  0x000000a2, 0x0000a2f9, 0x00a2f983, 0xa2f9836e, 0xf9836e4e, 0x836e4e44,
  0x6e4e4415, 0x4e441529, 0x441529fc, 0x1529fc27, 0x29fc2757, 0xfc2757d1,
  0x2757d1f5, 0x57d1f534, 0xd1f534dd, 0xf534ddc0, 0x34ddc0db, 0xddc0db62,
  0xc0db6295, 0xdb629599, 0x6295993c, 0x95993c43, 0x993c4390, 0x3c439041,
]);

@inline function f64v(x: f64): v128 { return f64x2.splat(x); }

/** sin(r) or cos(r) for r in [−π/4, π/4] in two f64 lanes, picked per lane by quadrant q. */
@inline function quadrantPoly(r: v128, q: v128): v128 {
  const z = f64x2.mul(r, r);
  const w = f64x2.mul(z, z);
  const s = f64x2.mul(z, r);
  const sn = f64x2.add(
    f64x2.add(r, f64x2.mul(s, f64x2.add(f64v(S1), f64x2.mul(z, f64v(S2))))),
    f64x2.mul(f64x2.mul(s, w), f64x2.add(f64v(S3), f64x2.mul(z, f64v(S4)))),
  );
  const cs = f64x2.add(
    f64x2.add(f64x2.add(f64v(1.0), f64x2.mul(z, f64v(C0))), f64x2.mul(w, f64v(C1))),
    f64x2.mul(f64x2.mul(w, z), f64x2.add(f64v(C2), f64x2.mul(z, f64v(C3)))),
  );
  const qe = i64x2.extend_low_i32x4_s(q);
  const useCos = i64x2.eq(v128.and(qe, i64x2.splat(1)), i64x2.splat(1));
  const negate = i64x2.shl(v128.and(qe, i64x2.splat(2)), 62); // bit 1 -> sign bit
  return v128.xor(v128.bitselect(cs, sn, useCos), negate);
}

/** sin(α·x) (offset 0) or cos(α·x) (offset 1) for two lanes given as float64. */
@inline function sinCosHalf(xd: v128, offset: i32): v128 {
  const fn = f64x2.nearest(f64x2.mul(xd, f64v(INVPIO2)));
  const r = f64x2.sub(f64x2.sub(xd, f64x2.mul(fn, f64v(PIO2_1))), f64x2.mul(fn, f64v(PIO2_1T)));
  const q = i32x4.add(i32x4.trunc_sat_f64x2_s_zero(fn), i32x4.splat(offset));
  return f32x4.demote_f64x2_zero(quadrantPoly(r, q));
}

/** One lane of the large-argument path (|x| >= 2^28, Inf or NaN). */
function sinCosLargeScalar(x: f32, offset: i32): f32 {
  if (!isFinite<f32>(x)) return NaN;
  let xi = reinterpret<u32>(x);
  const arr = INV_PIO4 + (<usize>((xi >> 26) & 15) << 2);
  const shift = (xi >> 23) & 7;
  xi = ((xi & 0xffffff) | 0x800000) << shift;
  let res0 = <u64>(xi * load<u32>(arr)); // low 32 bits of the product only, as in the C
  const res1 = <u64>xi * <u64>load<u32>(arr, 16);
  const res2 = <u64>xi * <u64>load<u32>(arr, 32);
  res0 = (res2 >> 32) | (res0 << 32);
  res0 += res1;
  const n = (res0 + (<u64>1 << 61)) >> 62;
  res0 -= n << 62;
  const r = <f64>(<i64>res0) * PI63; // |x| = n·π/2 + r, r in [−π/4, π/4]
  let q = <i32>n + offset;
  const z = r * r;
  const w = z * z;
  const s = z * r;
  const sn = (r + s * (S1 + z * S2)) + s * w * (S3 + z * S4);
  const cs = ((1.0 + z * C0) + w * C1) + (w * z) * (C2 + z * C3);
  let v = (q & 1) != 0 ? cs : sn;
  if ((q & 2) != 0) v = -v;
  if (offset == 0 && x < 0) v = -v; // sin is odd; the reduction above used |x|
  return <f32>v;
}

function sinCosLarge(xs: v128, res: v128, offset: i32): v128 {
  markSlowPath();
  for (let lane = 0; lane < 4; lane++) {
    // Lane indices must be constants, hence the unrolled switch.
    let v: f32 = 0;
    if (lane == 0) v = f32x4.extract_lane(xs, 0);
    else if (lane == 1) v = f32x4.extract_lane(xs, 1);
    else if (lane == 2) v = f32x4.extract_lane(xs, 2);
    else v = f32x4.extract_lane(xs, 3);
    if (Mathf.abs(v) < MEDIUM_LIMIT) continue;
    const y = sinCosLargeScalar(v, offset);
    if (lane == 0) res = f32x4.replace_lane(res, 0, y);
    else if (lane == 1) res = f32x4.replace_lane(res, 1, y);
    else if (lane == 2) res = f32x4.replace_lane(res, 2, y);
    else res = f32x4.replace_lane(res, 3, y);
  }
  return res;
}

/**
 * sin(α·x) (offset 0) or cos(α·x) (offset 1) for four float32 lanes, α·x formed in float64.
 * sin keeps the sign of a zero argument; NaN and ±Inf give NaN.
 */
@inline export function sinCosV(x: v128, alpha: f64, offset: i32): v128 {
  const a = f64v(alpha);
  const lo = f64x2.mul(f64x2.promote_low_f32x4(x), a);
  const hi = f64x2.mul(f64x2.promote_low_f32x4(f32x4.shuffle(x, x, 2, 3, 0, 1)), a);
  let res = f32x4.shuffle(sinCosHalf(lo, offset), sinCosHalf(hi, offset), 0, 1, 4, 5);
  const xs = f32x4.mul(x, splat(<f32>alpha));
  if (offset == 0) res = sel(eq(xs, splat(0)), xs, res); // sin(±0) = ±0
  if (anyTrue(v128.not(lt(abs(xs), splat(MEDIUM_LIMIT))))) res = sinCosLarge(xs, res, offset);
  return res;
}

@inline export function sinv(x: v128): v128 { return sinCosV(x, 1.0, 0); }
@inline export function cosv(x: v128): v128 { return sinCosV(x, 1.0, 1); }
