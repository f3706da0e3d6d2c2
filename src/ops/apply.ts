/**
 * The glue every op uses: allocate an output through the backend, run the forward, and — when
 * grad mode is on and an input requires grad — record the op's VJP on the tape.
 */
import { Tensor } from '../tensor/tensor.js';
import type { DType, Storage } from '../tensor/dtype.js';
import { allocArray, isFloat } from '../tensor/dtype.js';
import type { Shape } from '../tensor/shape.js';
import { numel } from '../tensor/shape.js';
import { gradMode } from '../autograd/grad-mode.js';
import { getBackend } from '../backend/registry.js';
// Op results are Tensors with methods (x.add, y.backward…): every op passes through this file,
// so loading any op attaches them.
import './tensor-methods.js';

/** A tensor or a plain number (a "wrapped scalar": it takes the other operand's dtype, as in torch). */
export type TensorLike = Tensor | number;

/**
 * A primitive op: its forward (which must not record) and its vector–Jacobian product, side by
 * side. `vjp` returns one gradient per input (null where none flows, e.g. to an integer index).
 */
export interface Primitive<A> {
  forward(inputs: readonly Tensor[], attrs: A): Tensor;
  vjp(grad: Tensor, inputs: readonly Tensor[], out: Tensor, attrs: A): (Tensor | null)[];
}

/** Runs a primitive and records it on the tape when needed. */
export function apply<A>(name: string, def: Primitive<A>, inputs: readonly Tensor[], attrs: A): Tensor {
  const out = def.forward(inputs, attrs);
  if (gradMode.enabled && inputs.some((t) => t.requiresGrad)) {
    out.requiresGrad = true;
    out.gradFn = { op: name, inputs, backward: (g) => def.vjp(g, inputs, out, attrs) };
  }
  return out;
}

/** A new zeroed tensor whose storage comes from the backend that will compute into it. */
export function empty(shape: Shape, dtype: DType): Tensor {
  return new Tensor(getBackend(dtype).alloc(dtype, numel(shape)), shape, dtype);
}

/** Like `empty`, for an output the kernel overwrites entirely: the backend may skip zeroing it. */
export function emptyUninitialized(shape: Shape, dtype: DType): Tensor {
  const backend = getBackend(dtype);
  const n = numel(shape);
  return new Tensor(backend.allocUninitialized?.(dtype, n) ?? backend.alloc(dtype, n), shape, dtype);
}

/** Wraps plain storage (already filled) as a tensor. */
export function fromStorage(data: Storage, shape: Shape, dtype: DType): Tensor {
  return new Tensor(data, shape, dtype);
}

export function scalarTensor(value: number, dtype: DType): Tensor {
  const data = allocArray(dtype, 1);
  data[0] = value;
  return new Tensor(data, [], dtype);
}

/** Turns a number operand into a 0-d tensor of `like`'s dtype. */
export function asTensor(x: TensorLike, like: Tensor, op: string): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x !== 'number') {
    throw new TypeError(`${op}: expected a Tensor or a number, got ${x === null ? 'null' : typeof x}`);
  }
  // A float scalar with an int tensor gives float32, as torch does.
  const dtype = like.dtype === 'int32' && !Number.isInteger(x) ? 'float32' : like.dtype;
  return scalarTensor(x, dtype);
}

export function requireFloat(t: Tensor, op: string): void {
  if (!isFloat(t.dtype)) {
    throw new TypeError(`${op}: expected a float32 or float64 tensor, got ${t.dtype} (convert with .to('float32'))`);
  }
}

export function requireTensor(t: unknown, op: string, arg = 'input'): asserts t is Tensor {
  if (!(t instanceof Tensor)) {
    throw new TypeError(`${op}: ${arg} must be a Tensor, got ${t === null ? 'null' : typeof t}`);
  }
}
