/**
 * The raw exports of wasm/actlab.wasm (sources: ./assembly/*.as). Pointers are byte offsets into
 * the shared memory; lengths are element counts. Prefer the typed wrappers in kernels.ts and
 * activations.ts, which take Float32Array views and check them.
 */
import type { WasmMemory } from './wasm-api.js';

type Ptr = number;
type Unary = (x: Ptr, y: Ptr, n: number) => void;
type Backward = (x: Ptr, gy: Ptr, gx: Ptr, n: number) => void;

export interface WasmExports {
  readonly memory: WasmMemory;
  heap_base(): number;
  /** 1 in the relaxed-SIMD build, 0 in the baseline build. */
  simd_level(): number;
  /** Calls of rare slow paths (special values, denormal results, huge arguments) in this instance. */
  slow_path_calls(): number;

  // elementary functions (unary.as); sin/cos take a float64 scale: y = sin(alpha·x)
  exp_f32: Unary;
  expm1_f32: Unary;
  log_f32: Unary;
  log1p_f32: Unary;
  tanh_f32: Unary;
  sigmoid_f32: Unary;
  erf_f32: Unary;
  sin_f32(x: Ptr, y: Ptr, n: number, alpha: number): void;
  cos_f32(x: Ptr, y: Ptr, n: number, alpha: number): void;

  // activations (act-piecewise.as, act-smooth.as)
  relu_fwd: Unary;
  relu_bwd: Backward;
  hardtanh_fwd(x: Ptr, y: Ptr, n: number, lo: number, hi: number): void;
  hardtanh_bwd(x: Ptr, gy: Ptr, gx: Ptr, n: number, lo: number, hi: number): void;
  leaky_relu_fwd(x: Ptr, y: Ptr, n: number, slope: number): void;
  leaky_relu_bwd(x: Ptr, gy: Ptr, gx: Ptr, n: number, slope: number): void;
  prelu_fwd(x: Ptr, w: Ptr, y: Ptr, outer: number, channels: number, inner: number): void;
  prelu_bwd(x: Ptr, gy: Ptr, w: Ptr, gx: Ptr, gw: Ptr, outer: number, channels: number, inner: number): void;
  threshold_fwd(x: Ptr, y: Ptr, n: number, threshold: number, value: number): void;
  threshold_bwd(x: Ptr, gy: Ptr, gx: Ptr, n: number, threshold: number): void;
  hardshrink_fwd(x: Ptr, y: Ptr, n: number, lambd: number): void;
  softshrink_fwd(x: Ptr, y: Ptr, n: number, lambd: number): void;
  shrink_bwd(x: Ptr, gy: Ptr, gx: Ptr, n: number, lambd: number): void;
  hardsigmoid_fwd: Unary;
  hardsigmoid_bwd: Backward;
  hardswish_fwd: Unary;
  hardswish_bwd: Backward;
  squared_relu_fwd: Unary;
  squared_relu_bwd: Backward;
  square_fwd: Unary;
  square_bwd: Backward;
  softsign_fwd: Unary;
  softsign_bwd: Backward;
  squareplus_fwd(x: Ptr, y: Ptr, n: number, b: number): void;
  squareplus_bwd(x: Ptr, gy: Ptr, gx: Ptr, n: number, b: number): void;
  copy_f32: Unary;
  sigmoid_bwd: Backward;
  tanh_bwd: Backward;
  elu_fwd(x: Ptr, y: Ptr, n: number, negcoef: number, poscoef: number, inputScale: number): void;
  elu_bwd(x: Ptr, gy: Ptr, gx: Ptr, n: number, negcoefTimesScale: number, poscoef: number, scaleHi: number, scaleLo: number): void;
  gelu_fwd: Unary;
  gelu_bwd: Backward;
  gelu_tanh_fwd: Unary;
  gelu_tanh_bwd: Backward;
  silu1_fwd: Unary;
  silu1_bwd: Backward;
  silu_fwd(x: Ptr, y: Ptr, n: number, betaHi: number, betaLo: number): void;
  silu_bwd(x: Ptr, gy: Ptr, gx: Ptr, n: number, betaHi: number, betaLo: number): void;
  mish_fwd: Unary;
  mish_bwd: Backward;
  softplus_fwd(x: Ptr, y: Ptr, n: number, beta: number, threshold: number, betaHi: number, betaLo: number): void;
  softplus_bwd(x: Ptr, gy: Ptr, gx: Ptr, n: number, beta: number, threshold: number, betaHi: number, betaLo: number): void;
  logsigmoid_fwd: Unary;
  logsigmoid_bwd: Backward;
  tanhshrink_fwd: Unary;
  tanhshrink_bwd: Backward;
  snake_fwd(x: Ptr, y: Ptr, n: number, alpha: number): void;
  snake_bwd(x: Ptr, gy: Ptr, gx: Ptr, n: number, alpha: number): void;
  sine_fwd(x: Ptr, y: Ptr, n: number, w0: number): void;
  sine_bwd(x: Ptr, gy: Ptr, gx: Ptr, n: number, w0: number): void;
  tanhexp_fwd: Unary;
  tanhexp_bwd: Backward;
  serf_fwd: Unary;
  serf_bwd: Backward;

  // softmax.as
  softmax_fwd(x: Ptr, y: Ptr, rows: number, cols: number): void;
  log_softmax_fwd(x: Ptr, y: Ptr, rows: number, cols: number): void;
  softmax_bwd(y: Ptr, gy: Ptr, gx: Ptr, rows: number, cols: number): void;
  log_softmax_bwd(y: Ptr, gy: Ptr, gx: Ptr, rows: number, cols: number): void;

  // reduce.as
  sum_all(x: Ptr, n: number): number;
  max_all(x: Ptr, n: number): number;
  sum_rows(x: Ptr, rows: number, cols: number, out: Ptr): void;
  max_rows(x: Ptr, rows: number, cols: number, out: Ptr): void;
  sum_cols(x: Ptr, rows: number, cols: number, out: Ptr): void;

  // binary.as (op codes: add 0, sub 1, mul 2, div 3, maximum 4, minimum 5)
  binary_same(op: number, a: Ptr, b: Ptr, out: Ptr, n: number): void;
  binary_scalar(op: number, a: Ptr, s: number, out: Ptr, n: number): void;
  binary_rows(op: number, a: Ptr, b: Ptr, out: Ptr, rows: number, cols: number): void;
  axpy(alpha: number, x: Ptr, y: Ptr, n: number): void;

  // optim.as
  adam_step(
    p: Ptr, g: Ptr, m: Ptr, v: Ptr, n: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number,
    weightDecay: number, decay: number, negStepSize: number, biasCorrection2Sqrt: number, eps: number,
  ): void;
  sgd_step(
    p: Ptr, g: Ptr, buf: Ptr, n: number, lr: number, momentum: number, oneMinusDampening: number,
    weightDecay: number, nesterov: number, first: number, maximize: number,
  ): void;

  // gemm.as, threads.as
  gemm_workspace_bytes(): number;
  gemm_worker(ctrl: Ptr, worker: number, workspace: Ptr, seenSeq: number): void;
  gemm(a: Ptr, b: Ptr, c: Ptr, m: number, n: number, k: number, transA: number, transB: number, accumulate: number, workspace: Ptr): void;
  gemm_rows(
    a: Ptr, b: Ptr, c: Ptr, m: number, n: number, k: number, transA: number, transB: number, accumulate: number,
    workspace: Ptr, m0: number, m1: number,
  ): void;
}
