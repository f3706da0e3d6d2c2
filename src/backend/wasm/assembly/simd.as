// Short names for the f32x4 operations every kernel uses, lane-wise select, and loads/stores
// of a row's last 1..3 elements. AssemblyScript has no operator overloading for v128, so
// these keep the numeric code readable; all of them are inlined by the compiler.
//
// Memory convention: every pointer is a byte address in the shared memory; element i of a
// float32 array at p is at p + 4*i. Unaligned v128 loads and stores are allowed (and cost the
// same on x86), so views at any 4-byte offset work.

@inline export function splat(x: f32): v128 { return f32x4.splat(x); }
@inline export function isplat(x: i32): v128 { return i32x4.splat(x); }
@inline export function add(a: v128, b: v128): v128 { return f32x4.add(a, b); }
@inline export function sub(a: v128, b: v128): v128 { return f32x4.sub(a, b); }
@inline export function mul(a: v128, b: v128): v128 { return f32x4.mul(a, b); }
@inline export function div(a: v128, b: v128): v128 { return f32x4.div(a, b); }
/**
 * a*b + c. In the relaxed-SIMD build (actlab-relaxed.wasm) a fused multiply-add where the CPU has
 * one (x86 FMA3, every arm64), else rounded twice as in the baseline build, so every kernel must be
 * accurate either way (the conformance suites run on both builds). Never used where an exact
 * product is needed (hiPart/loPart splits use plain mul).
 */
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}
/** a*b + c on f64x2 lanes: fused in the relaxed build (f64x2.relaxed_madd), else rounded twice. */
@inline export function madd64(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(f64x2.mul(a, b), c);
}
/**
 * a*b + c rounded twice in both builds: for the kernels that follow PyTorch's (or a float32
 * emulation's) order of operations bit for bit (optimizer steps, axpy), and GEMM, which runs
 * faster unfused (gemm.as).
 */
@inline export function mulThenAdd(a: v128, b: v128, c: v128): v128 { return f32x4.add(f32x4.mul(a, b), c); }
// neg/abs as bit operations on a constant: V8 keeps the constant in a register across a loop,
// while f32x4.neg/abs rebuild their mask at every use (three instructions instead of one).
@inline export function neg(a: v128): v128 { return v128.xor(a, isplat(0x80000000)); }
@inline export function abs(a: v128): v128 { return v128.and(a, isplat(0x7fffffff)); }
/** −|a|. */
@inline export function negabs(a: v128): v128 { return v128.or(a, isplat(0x80000000)); }
@inline export function lt(a: v128, b: v128): v128 { return f32x4.lt(a, b); }
@inline export function le(a: v128, b: v128): v128 { return f32x4.le(a, b); }
@inline export function gt(a: v128, b: v128): v128 { return f32x4.gt(a, b); }
@inline export function ge(a: v128, b: v128): v128 { return f32x4.ge(a, b); }
@inline export function eq(a: v128, b: v128): v128 { return f32x4.eq(a, b); }
/**
 * Lane-wise `mask ? a : b`; mask lanes must be all ones or all zeros (a comparison result): the
 * relaxed build's lane select (x86 blendvps, one instruction instead of three) may look only at
 * the top bit of each lane.
 */
@inline export function sel(mask: v128, a: v128, b: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return i32x4.relaxed_laneselect(a, b, mask);
  return v128.bitselect(a, b, mask);
}
/** Lane-wise `mask ? a : 0`. */
@inline export function keep(mask: v128, a: v128): v128 { return v128.and(a, mask); }
@inline export function anyTrue(mask: v128): bool { return v128.any_true(mask); }
/** Maximum that keeps a NaN in `a` and returns `a` on ties (x86 maxps(b, a), as PyTorch's clamp_min). */
@inline export function pmax(a: v128, b: v128): v128 { return f32x4.pmax(a, b); }
/** Minimum that keeps a NaN in `a` and returns `a` on ties (x86 minps(b, a), as PyTorch's clamp_max). */
@inline export function pmin(a: v128, b: v128): v128 { return f32x4.pmin(a, b); }
/** |a| with the sign of b. */
@inline export function copysign(a: v128, b: v128): v128 {
  return v128.or(v128.and(a, isplat(0x7fffffff)), v128.and(b, isplat(0x80000000)));
}
/** a with its sign flipped where b is negative (b's sign bit xor-ed in). */
@inline export function mulsign(a: v128, b: v128): v128 {
  return v128.xor(a, v128.and(b, isplat(0x80000000)));
}

@inline export function ld(p: usize, i: i32): v128 { return v128.load(p + (<usize>i << 2)); }
@inline export function st(p: usize, i: i32, v: v128): void { v128.store(p + (<usize>i << 2), v); }

/** Loads elements i..i+rem-1 (rem in 1..3) into the low lanes; the other lanes are 0. */
export function ldTail(p: usize, i: i32, rem: i32): v128 {
  const q = p + (<usize>i << 2);
  let v = v128.load32_zero(q);
  if (rem > 1) v = f32x4.replace_lane(v, 1, load<f32>(q, 4));
  if (rem > 2) v = f32x4.replace_lane(v, 2, load<f32>(q, 8));
  return v;
}

/** Stores the low rem lanes (1..3) of v at elements i..i+rem-1. */
export function stTail(p: usize, i: i32, v: v128, rem: i32): void {
  const q = p + (<usize>i << 2);
  v128.store32_lane(q, v, 0);
  if (rem > 1) v128.store32_lane(q, v, 1, 4);
  if (rem > 2) v128.store32_lane(q, v, 2, 8);
}

/** Horizontal sum of the four lanes, ((l0 + l1) + (l2 + l3)). */
@inline export function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) +
    (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/**
 * Counts calls of rare slow paths (per instance). Incrementing it in every slow-path function is
 * what keeps Binaryen from speculating the call: a function it proves free of side effects may
 * be hoisted above the branch that guards it (`if (rare) return slow()` became "call slow();
 * br_if rare"), which ran the slow path on every vector.
 */
export let slowPathCalls: i32 = 0;
@inline export function markSlowPath(): void { slowPathCalls++; }
