/**
 * Tensor: contiguous row-major storage, a shape, a dtype, and (when it requires grad) a link
 * into the autograd tape. Storage is always contiguous, so reshape shares it and every other
 * layout change copies; kernels never see strides except for broadcasting.
 */
import type { DType, Storage } from './dtype.js';
import type { Shape } from './shape.js';
import { numel } from './shape.js';
import type { GradNode } from '../autograd/node.js';
import { runBackward } from '../autograd/backward.js';
import { formatTensor } from './format.js';
import * as ops from '../ops/index.js';
import type { TensorLike } from '../ops/apply.js';

export type NestedArray = number | NestedArray[];

export class Tensor {
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** Row-major elements: Float32Array for float32, Float64Array for float64, Int32Array for int32. */
  readonly data: Storage;
  /** Whether gradients flow to this tensor; leaves accumulate them into `.grad`. */
  requiresGrad = false;
  /** Accumulated gradient (leaves, and non-leaves after `retainGrad()`). */
  grad: Tensor | null = null;
  /** The op that made this tensor, when recorded on the tape; null for leaves. */
  gradFn: GradNode | null = null;
  /** Set by `retainGrad()`: keep `.grad` on a non-leaf too. */
  retainsGrad = false;

  constructor(data: Storage, shape: Shape, dtype: DType) {
    if (data.length !== numel(shape)) {
      throw new RangeError(`Tensor: ${data.length} elements do not fill shape [${shape.join(', ')}]`);
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
    this.dtype = dtype;
  }

  get ndim(): number {
    return this.shape.length;
  }
  get numel(): number {
    return this.data.length;
  }
  /** True for tensors not produced by a recorded op (inputs, parameters). */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  size(dim?: number): number | readonly number[] {
    return dim === undefined ? this.shape : this.shape[ops.dimIndex(dim, this.ndim, 'size')]!;
  }

  /** Back-propagates from this tensor; non-scalar outputs need an upstream gradient, as in torch. */
  backward(grad?: Tensor): void {
    runBackward(this, grad);
  }

  retainGrad(): this {
    this.retainsGrad = true;
    return this;
  }

  /** Sets `requiresGrad` on a leaf (in place), as torch's `requires_grad_()`. */
  requiresGrad_(flag = true): this {
    if (!this.isLeaf && !flag)
      throw new Error('requiresGrad_: cannot turn off gradients of a non-leaf tensor; use detach()');
    if (flag && this.dtype === 'int32')
      throw new TypeError('requiresGrad_: only float tensors can require gradients, got int32');
    this.requiresGrad = flag;
    return this;
  }

  /** A tensor sharing this storage, cut from the tape. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape, this.dtype);
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.numel !== 1)
      throw new RangeError(`item: tensor of shape [${this.shape.join(', ')}] has ${this.numel} elements, expected 1`);
    return this.data[0]!;
  }

  /** Nested arrays of numbers in the tensor's shape (a plain number for 0-d tensors). */
  toArray(): NestedArray {
    const build = (dim: number, offset: number): NestedArray => {
      if (dim === this.ndim) return this.data[offset]!;
      const stride = this.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
      return Array.from({ length: this.shape[dim]! }, (_, i) => build(dim + 1, offset + i * stride));
    };
    return build(0, 0);
  }

  /** Storage on the host. CPU tensors are already there; device backends resolve after a copy. */
  cpu(): Promise<Tensor> {
    return Promise.resolve(this);
  }
  toArrayAsync(): Promise<NestedArray> {
    return this.cpu().then((t) => t.toArray());
  }

  toString(): string {
    return formatTensor(this);
  }

  // ---- ops as methods (see src/ops for definitions and gradients) ----
  add(o: TensorLike): Tensor {
    return ops.add(this, o);
  }
  sub(o: TensorLike): Tensor {
    return ops.sub(this, o);
  }
  mul(o: TensorLike): Tensor {
    return ops.mul(this, o);
  }
  div(o: TensorLike): Tensor {
    return ops.div(this, o);
  }
  pow(o: TensorLike): Tensor {
    return ops.pow(this, o);
  }
  maximum(o: TensorLike): Tensor {
    return ops.maximum(this, o);
  }
  minimum(o: TensorLike): Tensor {
    return ops.minimum(this, o);
  }
  eq(o: TensorLike): Tensor {
    return ops.eq(this, o);
  }
  ne(o: TensorLike): Tensor {
    return ops.ne(this, o);
  }
  lt(o: TensorLike): Tensor {
    return ops.lt(this, o);
  }
  le(o: TensorLike): Tensor {
    return ops.le(this, o);
  }
  gt(o: TensorLike): Tensor {
    return ops.gt(this, o);
  }
  ge(o: TensorLike): Tensor {
    return ops.ge(this, o);
  }
  neg(): Tensor {
    return ops.neg(this);
  }
  abs(): Tensor {
    return ops.abs(this);
  }
  exp(): Tensor {
    return ops.exp(this);
  }
  log(): Tensor {
    return ops.log(this);
  }
  log1p(): Tensor {
    return ops.log1p(this);
  }
  expm1(): Tensor {
    return ops.expm1(this);
  }
  sqrt(): Tensor {
    return ops.sqrt(this);
  }
  rsqrt(): Tensor {
    return ops.rsqrt(this);
  }
  square(): Tensor {
    return ops.square(this);
  }
  reciprocal(): Tensor {
    return ops.reciprocal(this);
  }
  tanh(): Tensor {
    return ops.tanh(this);
  }
  sigmoid(): Tensor {
    return ops.sigmoid(this);
  }
  sin(): Tensor {
    return ops.sin(this);
  }
  cos(): Tensor {
    return ops.cos(this);
  }
  erf(): Tensor {
    return ops.erf(this);
  }
  sign(): Tensor {
    return ops.sign(this);
  }
  clamp(min?: number | null, max?: number | null): Tensor {
    return ops.clamp(this, min, max);
  }
  sum(dim?: number | number[], keepdim = false): Tensor {
    return ops.sum(this, dim, keepdim);
  }
  mean(dim?: number | number[], keepdim = false): Tensor {
    return ops.mean(this, dim, keepdim);
  }
  max(dim?: number | number[], keepdim = false): Tensor {
    return ops.max(this, dim, keepdim);
  }
  min(dim?: number | number[], keepdim = false): Tensor {
    return ops.min(this, dim, keepdim);
  }
  logsumexp(dim?: number | number[], keepdim = false): Tensor {
    return ops.logsumexp(this, dim, keepdim);
  }
  argmax(dim?: number, keepdim = false): Tensor {
    return ops.argmax(this, dim, keepdim);
  }
  argmin(dim?: number, keepdim = false): Tensor {
    return ops.argmin(this, dim, keepdim);
  }
  matmul(o: Tensor): Tensor {
    return ops.matmul(this, o);
  }
  reshape(...shape: number[] | [readonly number[]]): Tensor {
    return ops.reshape(this, ops.shapeArgs(shape));
  }
  view(...shape: number[] | [readonly number[]]): Tensor {
    return ops.reshape(this, ops.shapeArgs(shape));
  }
  flatten(startDim = 0, endDim = -1): Tensor {
    return ops.flatten(this, startDim, endDim);
  }
  unsqueeze(dim: number): Tensor {
    return ops.unsqueeze(this, dim);
  }
  squeeze(dim?: number): Tensor {
    return ops.squeeze(this, dim);
  }
  expand(...shape: number[] | [readonly number[]]): Tensor {
    return ops.expand(this, ops.shapeArgs(shape));
  }
  transpose(dim0 = 0, dim1 = 1): Tensor {
    return ops.transpose(this, dim0, dim1);
  }
  permute(...dims: number[] | [readonly number[]]): Tensor {
    return ops.permute(this, ops.shapeArgs(dims));
  }
  /** Matrix transpose of a 2-D tensor. */
  get T(): Tensor {
    return ops.transpose(this, 0, 1);
  }
  narrow(dim: number, start: number, length: number): Tensor {
    return ops.narrow(this, dim, start, length);
  }
  indexSelect(dim: number, index: Tensor | readonly number[]): Tensor {
    return ops.indexSelect(this, dim, index);
  }
  split(size: number | readonly number[], dim = 0): Tensor[] {
    return ops.split(this, size, dim);
  }
  chunk(chunks: number, dim = 0): Tensor[] {
    return ops.chunk(this, chunks, dim);
  }
  to(dtype: DType): Tensor {
    return ops.cast(this, dtype);
  }
  float(): Tensor {
    return ops.cast(this, 'float32');
  }
  double(): Tensor {
    return ops.cast(this, 'float64');
  }
  clone(): Tensor {
    return ops.clone(this);
  }
}
