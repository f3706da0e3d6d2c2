/**
 * Matrix products. The primitive `mm` multiplies [B?, m, k]·[B?, k, n] with optional transposes
 * (so backward never materialises a transpose); `matmul` adds torch's 1-D and batch-broadcast rules.
 */
import { getBackend } from '../backend/registry.js';
import type { FloatArray } from '../tensor/dtype.js';
import { broadcastShapes, fmtShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { apply, emptyUninitialized, requireFloat, requireTensor } from './apply.js';
import type { Primitive } from './apply.js';
import { expand, reshape, squeeze, unsqueeze } from './layout.js';
import { cast } from './select.js';

export interface MmAttrs {
  transA: boolean;
  transB: boolean;
}

const mmPrimitive: Primitive<MmAttrs> = {
  forward: ([a, b], { transA, transB }) => {
    const batched = a!.ndim === 3;
    const batch = batched ? a!.shape[0]! : 1;
    const [ar, ac] = a!.shape.slice(-2) as [number, number];
    const [br, bc] = b!.shape.slice(-2) as [number, number];
    const m = transA ? ac : ar;
    const k = transA ? ar : ac;
    const n = transB ? br : bc;
    const out = emptyUninitialized(batched ? [batch, m, n] : [m, n], a!.dtype);
    getBackend(a!.dtype).matmul(a!.data as FloatArray, b!.data as FloatArray, out.data as FloatArray, {
      batch,
      m,
      n,
      k,
      transA,
      transB,
      strideA: batched ? m * k : 0,
      strideB: b!.ndim === 3 ? k * n : 0,
    });
    return out;
  },
  // With C = op(A)·op(B): dA = g·op(B)ᵀ (or its transpose), dB = op(A)ᵀ·g (or its transpose).
  // Only for operands that take a gradient (as conv's vjp): a first layer's data needs no dA (13%
  // of an MLP training step, bench/profile.ts) and an attack's frozen weights no dB.
  vjp: (g, [a, b], _out, { transA, transB }) => {
    const ga = !a!.requiresGrad
      ? null
      : transA
        ? mm(b!, g, { transA: transB, transB: true })
        : mm(g, b!, { transA: false, transB: !transB });
    const gb = !b!.requiresGrad
      ? null
      : transB
        ? mm(g, a!, { transA: true, transB: transA })
        : mm(a!, g, { transA: !transA, transB: false });
    return [ga, gb];
  },
};

export const matmulPrimitives = { mm: mmPrimitive };

/**
 * op(a)·op(b) for 2-D a, b, or 3-D a with 2-D/3-D b of the same batch; `transA`/`transB` read an
 * operand transposed without copying it (F.linear uses x·Wᵀ this way).
 */
export function mm(a: Tensor, b: Tensor, attrs: Partial<MmAttrs> = {}): Tensor {
  requireTensor(a, 'mm', 'a');
  requireTensor(b, 'mm', 'b');
  requireFloat(a, 'mm');
  requireFloat(b, 'mm');
  const transA = attrs.transA ?? false;
  const transB = attrs.transB ?? false;
  if (a.ndim < 2 || a.ndim > 3 || b.ndim < 2 || b.ndim > a.ndim || (b.ndim === 3 && b.shape[0] !== a.shape[0])) {
    throw new RangeError(
      `mm: expected [m,k]·[k,n] or [B,m,k]·[B,k,n], got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`,
    );
  }
  const k1 = a.shape[a.ndim - (transA ? 2 : 1)];
  const k2 = b.shape[b.ndim - (transB ? 1 : 2)];
  if (k1 !== k2) {
    throw new RangeError(
      `mm: inner dimensions differ: ${fmtShape(a.shape)}${transA ? 'ᵀ' : ''} · ${fmtShape(b.shape)}${transB ? 'ᵀ' : ''} (${k1} vs ${k2})`,
    );
  }
  if (a.dtype !== b.dtype) {
    const dtype = a.dtype === 'float64' || b.dtype === 'float64' ? 'float64' : 'float32';
    return mm(cast(a, dtype), cast(b, dtype), attrs);
  }
  // A batched A times one matrix B is one big 2-D product (no per-batch loop, no gradient sum).
  if (a.ndim === 3 && b.ndim === 2 && !transA) {
    const [batch, m, k] = a.shape as [number, number, number];
    const flat = mm(reshape(a, [batch * m, k]), b, { transB });
    return reshape(flat, [batch, m, flat.shape[1]!]);
  }
  return apply('mm', mmPrimitive, [a, b], { transA, transB });
}

/** torch.matmul: 1-D operands are promoted and squeezed back; batch dims broadcast. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  requireTensor(a, 'matmul', 'a');
  requireTensor(b, 'matmul', 'b');
  if (a.ndim === 0 || b.ndim === 0) {
    throw new RangeError(
      `matmul: both arguments need at least 1 dimension, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`,
    );
  }
  if (a.ndim === 1) return squeeze(matmul(unsqueeze(a, 0), b), -2);
  if (b.ndim === 1) return squeeze(matmul(a, unsqueeze(b, 1)), -1);
  const k1 = a.shape[a.ndim - 1];
  const k2 = b.shape[b.ndim - 2];
  if (k1 !== k2) {
    throw new RangeError(
      `matmul: shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)} cannot be multiplied (${k1} vs ${k2})`,
    );
  }
  if (a.ndim === 2 && b.ndim === 2) return mm(a, b);
  const batchShape = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), 'matmul');
  const batch = batchShape.reduce((p, d) => p * d, 1);
  const [m, n, k] = [a.shape[a.ndim - 2]!, b.shape[b.ndim - 1]!, k1!];
  const a3 = reshape(expand(a, [...batchShape, m, k]), [batch, m, k]);
  const b3 = b.ndim === 2 ? b : reshape(expand(b, [...batchShape, k, n]), [batch, k, n]);
  return reshape(mm(a3, b3), [...batchShape, m, n]);
}
