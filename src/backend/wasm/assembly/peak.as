// The multiply-add peak of this engine and CPU, for the benchmark's GEMM target: 12 independent
// accumulator chains acc = acc·c + d held in registers (no memory traffic). Twelve chains cover
// the latency of either form on current x86 cores (FMA: 4 cycles at 2 per cycle; multiply then
// add: 3 + 3 cycles on two multiply and two add ports). GEMM's micro-kernel is measured against
// this: it also loads its operands, so the peak is an upper bound it cannot quite reach.
import { splat, add, mulThenAdd, madd } from "./simd";

const CHAINS: i32 = 12;

/** Floating-point operations per iteration of madd_peak: 12 chains × 4 lanes × (multiply + add). */
export function madd_peak_flops_per_iter(): i32 { return CHAINS * 4 * 2; }

/**
 * Runs `iters` iterations; `fused` selects f32x4.relaxed_madd (relaxed build only; the baseline
 * build always multiplies then adds). Returns a lane of the result so nothing is optimised away.
 */
export function madd_peak(iters: i32, fused: i32): f32 {
  const c = splat(0.999), d = splat(0.001);
  let a0 = splat(1), a1 = splat(2), a2 = splat(3), a3 = splat(4), a4 = splat(5), a5 = splat(6);
  let a6 = splat(7), a7 = splat(8), a8 = splat(9), a9 = splat(10), a10 = splat(11), a11 = splat(12);
  if (fused != 0 && ASC_FEATURE_RELAXED_SIMD) {
    for (let i = 0; i < iters; i++) {
      a0 = madd(a0, c, d); a1 = madd(a1, c, d); a2 = madd(a2, c, d); a3 = madd(a3, c, d);
      a4 = madd(a4, c, d); a5 = madd(a5, c, d); a6 = madd(a6, c, d); a7 = madd(a7, c, d);
      a8 = madd(a8, c, d); a9 = madd(a9, c, d); a10 = madd(a10, c, d); a11 = madd(a11, c, d);
    }
  } else {
    for (let i = 0; i < iters; i++) {
      a0 = mulThenAdd(a0, c, d); a1 = mulThenAdd(a1, c, d); a2 = mulThenAdd(a2, c, d);
      a3 = mulThenAdd(a3, c, d); a4 = mulThenAdd(a4, c, d); a5 = mulThenAdd(a5, c, d);
      a6 = mulThenAdd(a6, c, d); a7 = mulThenAdd(a7, c, d); a8 = mulThenAdd(a8, c, d);
      a9 = mulThenAdd(a9, c, d); a10 = mulThenAdd(a10, c, d); a11 = mulThenAdd(a11, c, d);
    }
  }
  const s = add(add(add(a0, a1), add(a2, a3)), add(add(a4, a5), add(a6, a7)));
  return f32x4.extract_lane(add(s, add(add(a8, a9), add(a10, a11))), 0);
}
