// Entry point of actlab's WASM-SIMD kernels (compiled by scripts/build-wasm.mjs). The module
// imports a shared memory (env.memory); every kernel takes byte addresses into it.
export * from "./unary";
export * from "./act-piecewise";
export * from "./act-smooth";
export * from "./act-gelu";
export * from "./act-gated";
export * from "./softmax";
export { sum_all, max_all, sum_rows, max_rows, sum_cols } from "./reduce";
export * from "./binary";
export * from "./optim";
export { gemm, gemm_rows, gemm_general, gemm_mr, gemm_workspace_bytes } from "./gemm";
export { gemm_worker } from "./threads";
export {
  conv_run, conv_scratch_bytes, conv_table, conv_pad_all, conv_pad_grad_all, conv_padded_floats,
  conv_padded_grad_floats, conv_flip_weights, conv_transpose, all_finite,
} from "./conv";
export { madd_peak, madd_peak_flops_per_iter } from "./peak";
export { maxpool2x2_fwd, scatter_add } from "./pool";
import { slowPathCalls } from "./simd";

/** Calls of rare slow paths in this instance so far (special values, denormal results, huge arguments). */
export function slow_path_calls(): i32 { return slowPathCalls; }

/** 1 in the relaxed-SIMD build (fused multiply-add, lane select), 0 in the baseline build. */
export function simd_level(): i32 { return ASC_FEATURE_RELAXED_SIMD ? 1 : 0; }

/** First byte after the module's static data; the allocator starts above it. */
export function heap_base(): usize { return __heap_base; }
