/** where, clamp, dtype casts and clone. */
import { getBackend } from '../backend/registry.js';
import type { DType } from '../tensor/dtype.js';
import { checkDType } from '../tensor/dtype.js';
import { broadcastShapes, broadcastStrides } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { zerosLike } from '../tensor/create.js';
import { apply, asTensor, empty, requireFloat, requireTensor } from './apply.js';
import type { Primitive, TensorLike } from './apply.js';
import { mul, ge, le } from './binary.js';
import { sumTo } from './reduce.js';

const wherePrimitive: Primitive<void> = {
  forward: ([cond, a, b]) => {
    const shape = broadcastShapes(broadcastShapes(cond!.shape, a!.shape, 'where'), b!.shape, 'where');
    const out = empty(shape, a!.dtype);
    const op = (t: Tensor) => ({ data: t.data, strides: broadcastStrides(t.shape, shape) });
    getBackend(a!.dtype).where(op(cond!), op(a!), op(b!), out.data, shape);
    return out;
  },
  vjp: (g, [cond, a, b]) => {
    const zero = zerosLike(g);
    return [null, sumTo(where(cond!, g, zero), a!.shape), sumTo(where(cond!, zero, g), b!.shape)];
  },
};

const castPrimitive: Primitive<{ dtype: DType }> = {
  forward: ([x], { dtype }) => {
    const out = empty(x!.shape, dtype);
    const src = x!.data;
    const dst = out.data;
    // Int32Array assignment truncates toward zero, as torch's float→int cast does.
    for (let i = 0; i < src.length; i++) dst[i] = src[i]!;
    return out;
  },
  vjp: (g, [x]) => [x!.dtype === 'int32' ? null : cast(g, x!.dtype)],
};

const clonePrimitive: Primitive<void> = {
  forward: ([x]) => {
    const out = empty(x!.shape, x!.dtype);
    (out.data as Float64Array).set(x!.data as Float64Array);
    return out;
  },
  vjp: (g) => [g],
};

interface ClampAttrs {
  min: number | null;
  max: number | null;
}

const clampPrimitive: Primitive<ClampAttrs> = {
  forward: ([x], { min, max }) => {
    const out = empty(x!.shape, x!.dtype);
    const X = x!.data;
    const Y = out.data;
    const lo = min ?? -Infinity;
    const hi = max ?? Infinity;
    // NaN stays NaN (comparisons with NaN are false); with min > max every value becomes max, as in torch.
    for (let i = 0; i < X.length; i++) {
      const v = X[i]!;
      Y[i] = v < lo ? Math.min(lo, hi) : v > hi ? hi : lo > hi ? hi : v;
    }
    return out;
  },
  // torch's clamp passes the gradient where min ≤ x ≤ max: 1 at the bounds (unlike hardtanh).
  vjp: (g, [x], _out, { min, max }) => {
    let mask = g;
    if (min !== null) mask = mul(mask, ge(x!, min));
    if (max !== null) mask = mul(mask, le(x!, max));
    return [mask];
  },
};

export const selectPrimitives = {
  where: wherePrimitive,
  cast: castPrimitive,
  clone: clonePrimitive,
  clamp: clampPrimitive,
};

/** cond ? a : b elementwise (broadcasting); `cond` is any tensor, nonzero meaning true. */
export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  requireTensor(cond, 'where', 'condition');
  const like = a instanceof Tensor ? a : b instanceof Tensor ? b : cond;
  let ta = asTensor(a, like, 'where');
  let tb = asTensor(b, ta, 'where');
  if (ta.dtype !== tb.dtype) {
    const dtype = ta.dtype === 'float64' || tb.dtype === 'float64' ? 'float64' : 'float32';
    ta = cast(ta, dtype);
    tb = cast(tb, dtype);
  }
  return apply('where', wherePrimitive, [cond, ta, tb], undefined);
}

export function cast(x: Tensor, dtype: DType): Tensor {
  requireTensor(x, 'to');
  checkDType(dtype, 'to');
  if (x.dtype === dtype) return x;
  return apply('cast', castPrimitive, [x], { dtype });
}

export function clone(x: Tensor): Tensor {
  requireTensor(x, 'clone');
  return apply('clone', clonePrimitive, [x], undefined);
}

/** Limits values to [min, max]; either bound may be null/undefined. */
export function clamp(x: Tensor, min?: number | null, max?: number | null): Tensor {
  requireTensor(x, 'clamp');
  requireFloat(x, 'clamp');
  const lo = min ?? null;
  const hi = max ?? null;
  if (lo === null && hi === null) throw new TypeError('clamp: at least one of min or max must be given');
  for (const [name, v] of [
    ['min', lo],
    ['max', hi],
  ] as const) {
    if (v !== null && (typeof v !== 'number' || Number.isNaN(v))) {
      throw new TypeError(`clamp: ${name} must be a number, got ${String(v)}`);
    }
  }
  return apply('clamp', clampPrimitive, [x], { min: lo, max: hi });
}
