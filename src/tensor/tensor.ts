/**
 * Tensor: contiguous row-major storage, a shape, a dtype, and (when it requires grad) a link
 * into the autograd tape. Storage is always contiguous, so reshape shares it and every other
 * layout change copies; kernels never see strides except for broadcasting.
 *
 * This file is the bottom of the stack and imports nothing above it: the op methods
 * (`x.add(y)`, `x.matmul(w)`, `y.backward()`…) are defined with the ops and attached to
 * `Tensor.prototype` by src/ops/tensor-methods.ts (see docs/architecture.md, "Layers").
 */
import type { DType, Storage } from './dtype.js';
import type { Shape } from './shape.js';
import { normalizeDim, numel } from './shape.js';
import { formatTensor } from './format.js';

/**
 * One recorded op on the tape: its inputs and the vector–Jacobian product that maps the
 * gradient of its output to gradients of its inputs (null where an input gets none).
 * Ops (src/ops/apply.ts) write it, autograd (src/autograd/backward.ts) walks it.
 */
export interface GradNode {
  readonly op: string;
  readonly inputs: readonly Tensor[];
  backward(grad: Tensor): (Tensor | null)[];
}

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
    return dim === undefined ? this.shape : this.shape[normalizeDim(dim, this.ndim, 'size')]!;
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
}
