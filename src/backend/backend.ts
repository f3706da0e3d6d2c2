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
  | 'neg' | 'abs' | 'exp' | 'log' | 'log1p' | 'expm1' | 'sqrt' | 'rsqrt' | 'square' | 'reciprocal'
  | 'tanh' | 'sigmoid' | 'sin' | 'cos' | 'erf' | 'sign' | 'floor' | 'ceil' | 'round';

export type BinaryOpName =
  | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum'
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

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

/** Fused elementwise kernels for one activation (parameters already resolved to numbers). */
export interface ActivationKernel {
  forward(x: FloatArray, out: FloatArray, params: readonly number[]): void;
  /** gx = gy · f′(x); `y` is the forward output, for rules cheaper in terms of y (sigmoid, tanh). */
  backward(x: FloatArray, y: FloatArray, gy: FloatArray, gx: FloatArray, params: readonly number[]): void;
}

export interface Backend {
  readonly name: string;
  /** Zeroed storage of `size` elements. */
  alloc(dtype: DType, size: number): Storage;
  unary(op: UnaryOpName, x: FloatArray, out: FloatArray): void;
  binary(op: BinaryOpName, a: StridedOperand, b: StridedOperand, out: Storage, outShape: Shape): void;
  /** out = cond ? a : b, all read with broadcast strides over outShape. */
  where(cond: StridedOperand, a: StridedOperand, b: StridedOperand, out: Storage, outShape: Shape): void;
  /** Reduces `dims` (sorted, unique) of x; out has the kept dims in order (argmax/argmin write Int32Array). */
  reduce(op: ReduceOpName, x: Storage, shape: Shape, dims: readonly number[], out: Storage): void;
  matmul(a: FloatArray, b: FloatArray, out: FloatArray, plan: MatmulPlan): void;
  /** Copies x (of `shape`) into out with axes reordered by `perm`. */
  permute(x: Storage, shape: Shape, perm: readonly number[], out: Storage): void;
  /** Fused kernels for an activation id when this backend has them; undefined → the spec's own. */
  activation(id: string): ActivationKernel | undefined;
}
