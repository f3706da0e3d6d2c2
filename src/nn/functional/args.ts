/** Argument checks shared by the functional forms: each error names the function, the argument, the value and what is allowed. */
import { Tensor } from '../../tensor/tensor.js';
import { fmtShape } from '../../tensor/shape.js';

export type Pair = number | readonly [number, number];

/** A number or [h, w] pair as [h, w], each an integer ≥ `min`. */
export function pair(value: Pair, op: string, arg: string, min: number): [number, number] {
  const p: readonly number[] = typeof value === 'number' ? [value, value] : value;
  if (!Array.isArray(p) && typeof value !== 'number') {
    throw new TypeError(`${op}: ${arg} must be a number or a [h, w] pair, got ${JSON.stringify(value)}`);
  }
  if (p.length !== 2 || !p.every((v) => Number.isInteger(v) && v >= min)) {
    throw new RangeError(`${op}: ${arg} must be an integer ≥ ${min} or a pair of them, got ${JSON.stringify(value)}`);
  }
  return [p[0]!, p[1]!];
}

export function checkTensor(t: unknown, op: string, arg: string): asserts t is Tensor {
  if (!(t instanceof Tensor))
    throw new TypeError(`${op}: ${arg} must be a Tensor, got ${t === null ? 'null' : typeof t}`);
}

export function checkFloatTensor(t: unknown, op: string, arg: string): asserts t is Tensor {
  checkTensor(t, op, arg);
  if (t.dtype === 'int32')
    throw new TypeError(`${op}: ${arg} must be a float tensor, got int32 of shape ${fmtShape(t.shape)}`);
}

export function checkNumber(value: unknown, op: string, arg: string, lo = -Infinity, hi = Infinity): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < lo || value > hi) {
    const range = lo === -Infinity && hi === Infinity ? 'a number' : `a number in [${lo}, ${hi}]`;
    throw new RangeError(`${op}: ${arg} must be ${range}, got ${String(value)}`);
  }
  return value;
}

export function checkBoolean(value: unknown, op: string, arg: string): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${op}: ${arg} must be true or false, got ${String(value)}`);
  return value;
}

/** Output length of a window op along one axis, torch's pooling_output_shape (floor or ceil mode). */
export function windowOut(
  size: number,
  kernel: number,
  stride: number,
  pad: number,
  dilation: number,
  ceilMode: boolean,
): number {
  const span = size + 2 * pad - dilation * (kernel - 1) - 1;
  let out = Math.floor((span + (ceilMode ? stride - 1 : 0)) / stride) + 1;
  // In ceil mode the last window must start inside the input or its left padding.
  if (ceilMode && (out - 1) * stride >= size + pad) out--;
  return out;
}
