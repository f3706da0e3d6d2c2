/**
 * The kernel interface. Ops (src/ops) decide shapes, dtypes and gradients; a backend only
 * runs loops over storage. Every CPU backend (the reference `js` one here, the WASM-SIMD one)
 * works on typed arrays, so tensors can move between them without conversion; a device backend
 * (WebGPU) keeps its own buffers and is reached through `Tensor.cpu()` / `toArrayAsync()` —
 * see docs/architecture.md.
 */
import type { DType, FloatArray, Storage } from '../tensor/dtype.js';
import type { Shape } from '../tensor/shape.js';

export type UnaryOpName =
  | 'neg'
  | 'abs'
  | 'exp'
  | 'log'
  | 'log1p'
  | 'expm1'
  | 'sqrt'
  | 'rsqrt'
  | 'square'
  | 'reciprocal'
  | 'tanh'
  | 'sigmoid'
  | 'sin'
  | 'cos'
  | 'erf'
  | 'sign'
  | 'floor'
  | 'ceil'
  | 'round';

export type BinaryOpName =
  'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

export type ReduceOpName = 'sum' | 'max' | 'min' | 'logsumexp' | 'argmax' | 'argmin';

/** Operand of a broadcasting kernel: storage read with (possibly zero) strides over `outShape`. */
export interface StridedOperand {
  data: Storage;
  strides: readonly number[];
}

/** C[b] = op(A[b]) · op(B[b]) with op = transpose when the flag is set; row-major. */
export interface MatmulPlan {
  batch: number;
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  /** Element offsets between consecutive batch matrices; 0 broadcasts one matrix over the batch. */
  strideA: number;
  strideB: number;
}

/**
 * An activation's parameter values by name, every one resolved (defaults filled in, ranges
 * checked): `{ negativeSlope: 0.01 }`, `{ approximate: 'tanh' }`. Kernels read them by name, so
 * no kernel depends on the order in which a spec declares them.
 */
export type KernelParams = Readonly<Record<string, number | string>>;

/**
 * Fused elementwise kernels for one activation. `out` and `gx` may arrive uninitialized: a
 * kernel writes every element.
 */
export interface ActivationKernel<P = KernelParams> {
  forward(x: FloatArray, out: FloatArray, params: P): void;
  /** gx = gy · f′(x); `y` is the forward output, for rules cheaper in terms of y (sigmoid, tanh). */
  backward(x: FloatArray, y: FloatArray, gy: FloatArray, gx: FloatArray, params: P): void;
}

/** Fused kernels of an activation with a parameter tensor (PReLU's weight): x seen as [outer, channels, inner]. */
export interface ChannelActivationKernel<P = KernelParams> {
  /** out = f(x; w[c]). */
  forward(x: FloatArray, w: FloatArray, out: FloatArray, channels: number, inner: number, params: P): void;
  /** gx = gy·∂f/∂x, and gw[c] += Σ gy·∂f/∂w over channel c (gw arrives zeroed, float64). */
  backward(
    x: FloatArray,
    w: FloatArray,
    gy: FloatArray,
    gx: FloatArray,
    gw: Float64Array,
    channels: number,
    inner: number,
    params: P,
  ): void;
}

/** One torch.optim.Adam / AdamW step of one parameter (state updated in place; step counts from 1). */
export interface AdamStepArgs {
  param: FloatArray;
  grad: FloatArray;
  expAvg: FloatArray;
  expAvgSq: FloatArray;
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  step: number;
  /** AdamW: decay the parameter by lr·weightDecay instead of adding weightDecay·p to the gradient. */
  decoupledWeightDecay: boolean;
  amsgrad: boolean;
  maximize: boolean;
}

/** One torch.optim.SGD step of one parameter. */
export interface SgdStepArgs {
  param: FloatArray;
  grad: FloatArray;
  /** null when momentum is 0. */
  momentumBuffer: FloatArray | null;
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  maximize: boolean;
  /** First step of this parameter: the momentum buffer is initialised to the gradient. */
  firstStep: boolean;
}

export interface Backend {
  readonly name: string;
  /** Zeroed storage of `size` elements. */
  alloc(dtype: DType, size: number): Storage;
  /**
   * Storage of `size` elements with unspecified contents, for an output that a kernel overwrites
   * entirely (skips a pass over memory: a fifth of relu's time); absent → `alloc`.
   */
  allocUninitialized?(dtype: DType, size: number): Storage;
  unary(op: UnaryOpName, x: FloatArray, out: FloatArray): void;
  binary(op: BinaryOpName, a: StridedOperand, b: StridedOperand, out: Storage, outShape: Shape): void;
  /** out = cond ? a : b, all read with broadcast strides over outShape. */
  where(cond: StridedOperand, a: StridedOperand, b: StridedOperand, out: Storage, outShape: Shape): void;
  /** Reduces `dims` (sorted, unique) of x; out has the kept dims in order (argmax/argmin write Int32Array). */
  reduce(op: ReduceOpName, x: Storage, shape: Shape, dims: readonly number[], out: Storage): void;
  matmul(a: FloatArray, b: FloatArray, out: FloatArray, plan: MatmulPlan): void;
  /** Copies x (of `shape`) into out with axes reordered by `perm`. */
  permute(x: Storage, shape: Shape, perm: readonly number[], out: Storage): void;
  /**
   * Fused kernels for an activation id when this backend has them; undefined → the spec's own.
   * `reference` is the spec's own kernel, which a backend may use for part of the work (the wasm
   * backend's exact-gradient mode runs its backward).
   */
  activation(id: string, reference?: ActivationKernel): ActivationKernel | undefined;

  // ---- Optional fused paths for hot ops that do not fit the generic kernels above. Each returns
  // false (or undefined) to decline — a layout, dtype or storage it does not handle — and the op
  // then runs its own reference loop, so a backend may implement any subset.

  /** Per-channel kernels of an activation with a parameter tensor (`prelu`), when this backend has them. */
  channelActivation?(id: string): ChannelActivationKernel | undefined;
  /** softmax (log = false) or log_softmax of each contiguous row of `cols` values. */
  softmaxRows?(x: FloatArray, y: FloatArray, cols: number, log: boolean): boolean;
  /** Their VJPs from the forward output y: y·(gy − Σ gy·y), or gy − e^y·Σ gy. */
  softmaxRowsBackward?(y: FloatArray, gy: FloatArray, gx: FloatArray, cols: number, log: boolean): boolean;
  /** A fused Adam/AdamW update. */
  adamStep?(args: AdamStepArgs): boolean;
  /** A fused SGD update. */
  sgdStep?(args: SgdStepArgs): boolean;

  // ---- Optional explicit memory management, for backends whose storage the garbage collector
  // cannot see the size of (WASM memory). Used through backend/scope.ts (`tidy`, `release`).

  /**
   * Opens a scope that holds the blocks `alloc` hands out while it is the innermost recording
   * scope (`recording`), and those inner scopes keep; returns a token.
   */
  openScope?(recording: boolean): number;
  /** Frees the blocks the scope holds except those in `keep` (by storage identity); it stays open. */
  collectScope?(token: number, keep: ReadonlySet<unknown>): void;
  /** Like collectScope, then closes it; kept blocks move to the enclosing scope. */
  closeScope?(token: number, keep: ReadonlySet<unknown>): void;
  /** Takes a block out of every scope (long-lived state such as optimizer moments). */
  keep?(data: Storage): void;
  /** Frees one block of this backend now; false when `data` is not one. */
  release?(data: Storage): boolean;
}
