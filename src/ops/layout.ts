/** Shape and layout ops: reshape (shares storage), expand, permute/transpose (copy), squeeze family. */
import { getBackend } from '../backend/registry.js';
import { broadcastShapes, broadcastStrides, fmtShape, normalizeDim, numel } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { apply, empty, requireTensor } from './apply.js';
import type { Primitive } from './apply.js';
import { sumTo } from './reduce.js';

/** Accepts `f(2, 3)` and `f([2, 3])` alike. */
export function shapeArgs(args: readonly number[] | readonly [readonly number[]]): number[] {
  return Array.isArray(args[0]) ? [...(args[0] as readonly number[])] : [...(args as readonly number[])];
}

export function dimIndex(dim: number, ndim: number, op: string): number {
  return normalizeDim(dim, ndim, op);
}

const reshapePrimitive: Primitive<{ shape: number[] }> = {
  // Storage is contiguous, so a reshape is the same array under a new shape.
  forward: ([x], { shape }) => new Tensor(x!.data, shape, x!.dtype),
  vjp: (g, [x]) => [reshape(g, x!.shape)],
};

const expandPrimitive: Primitive<{ shape: number[] }> = {
  forward: ([x], { shape }) => {
    const out = empty(shape, x!.dtype);
    // Materialise the broadcast as x·1 with stretched strides: every backend has this kernel,
    // and ·1 keeps -0, ±Inf and NaN exactly.
    const one = new Tensor(getBackend(x!.dtype).alloc(x!.dtype, 1), [], x!.dtype);
    one.data[0] = 1;
    getBackend(x!.dtype).binary(
      'mul',
      { data: x!.data, strides: broadcastStrides(x!.shape, shape) },
      { data: one.data, strides: shape.map(() => 0) },
      out.data,
      shape,
    );
    return out;
  },
  vjp: (g, [x]) => [sumTo(g, x!.shape)],
};

const permutePrimitive: Primitive<{ perm: number[] }> = {
  forward: ([x], { perm }) => {
    const out = empty(
      perm.map((p) => x!.shape[p]!),
      x!.dtype,
    );
    getBackend(x!.dtype).permute(x!.data, x!.shape, perm, out.data);
    return out;
  },
  vjp: (g, _inputs, _out, { perm }) => {
    const inverse = new Array<number>(perm.length);
    perm.forEach((p, i) => (inverse[p] = i));
    return [permute(g, inverse)];
  },
};

export const layoutPrimitives = { reshape: reshapePrimitive, expand: expandPrimitive, permute: permutePrimitive };

/** Same elements, new shape; one dim may be -1 (inferred). */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  requireTensor(x, 'reshape');
  const target = [...shape];
  const unknown = target.indexOf(-1);
  if (target.some((d, i) => !Number.isInteger(d) || d < -1 || (d === -1 && i !== unknown))) {
    throw new RangeError(`reshape: invalid shape ${fmtShape(shape)} (sizes must be integers ≥ 0, with at most one -1)`);
  }
  if (unknown >= 0) {
    const known = target.reduce((p, d, i) => (i === unknown ? p : p * d), 1);
    if (known === 0 || x.numel % known !== 0) {
      throw new RangeError(`reshape: shape ${fmtShape(shape)} is invalid for input of size ${x.numel}`);
    }
    target[unknown] = x.numel / known;
  }
  if (numel(target) !== x.numel) {
    throw new RangeError(
      `reshape: shape ${fmtShape(shape)} is invalid for input of shape ${fmtShape(x.shape)} (size ${x.numel})`,
    );
  }
  if (target.length === x.ndim && target.every((d, i) => d === x.shape[i])) return x;
  return apply('reshape', reshapePrimitive, [x], { shape: target });
}

/** Broadcasts x to `shape` (copying); -1 keeps a dimension. */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  requireTensor(x, 'expand');
  const off = shape.length - x.ndim;
  if (off < 0)
    throw new RangeError(`expand: cannot expand shape ${fmtShape(x.shape)} to fewer dims ${fmtShape(shape)}`);
  const target = shape.map((d, i) => (d === -1 ? x.shape[i - off]! : d));
  const full = broadcastShapes(x.shape, target, 'expand');
  if (full.some((d, i) => d !== target[i])) {
    throw new RangeError(`expand: shape ${fmtShape(x.shape)} cannot be expanded to ${fmtShape(shape)}`);
  }
  if (full.length === x.ndim && full.every((d, i) => d === x.shape[i])) return x;
  return apply('expand', expandPrimitive, [x], { shape: full });
}

export function permute(x: Tensor, dims: readonly number[]): Tensor {
  requireTensor(x, 'permute');
  if (dims.length !== x.ndim) {
    throw new RangeError(`permute: got ${dims.length} dims ${fmtShape(dims)} for a tensor of ${x.ndim} dimensions`);
  }
  const perm = dims.map((d) => normalizeDim(d, x.ndim, 'permute'));
  if (new Set(perm).size !== perm.length) throw new RangeError(`permute: dims ${fmtShape(dims)} repeat a dimension`);
  if (perm.every((p, i) => p === i)) return x;
  return apply('permute', permutePrimitive, [x], { perm });
}

export function transpose(x: Tensor, dim0 = 0, dim1 = 1): Tensor {
  requireTensor(x, 'transpose');
  const a = normalizeDim(dim0, x.ndim, 'transpose');
  const b = normalizeDim(dim1, x.ndim, 'transpose');
  const perm = x.shape.map((_, i) => i);
  perm[a] = b;
  perm[b] = a;
  return permute(x, perm);
}

export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  requireTensor(x, 'flatten');
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normalizeDim(startDim, x.ndim, 'flatten');
  const e = normalizeDim(endDim, x.ndim, 'flatten');
  if (s > e) throw new RangeError(`flatten: startDim ${startDim} comes after endDim ${endDim}`);
  const mid = x.shape.slice(s, e + 1).reduce((p, d) => p * d, 1);
  return reshape(x, [...x.shape.slice(0, s), mid, ...x.shape.slice(e + 1)]);
}

export function unsqueeze(x: Tensor, dim: number): Tensor {
  requireTensor(x, 'unsqueeze');
  const d = normalizeDim(dim, x.ndim + 1, 'unsqueeze');
  return reshape(x, [...x.shape.slice(0, d), 1, ...x.shape.slice(d)]);
}

export function squeeze(x: Tensor, dim?: number): Tensor {
  requireTensor(x, 'squeeze');
  if (dim === undefined)
    return reshape(
      x,
      x.shape.filter((d) => d !== 1),
    );
  const d = normalizeDim(dim, x.ndim, 'squeeze');
  return x.shape[d] === 1 ? reshape(x, [...x.shape.slice(0, d), ...x.shape.slice(d + 1)]) : x;
}
