/**
 * Slicing and joining: narrow, indexSelect, concat/stack, split/chunk. All are block copies of
 * contiguous runs (`outer` blocks of `size·inner` elements), so they work on any CPU storage.
 */
import type { Storage } from '../tensor/dtype.js';
import type { Shape } from '../tensor/shape.js';
import { fmtShape, normalizeDim } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { apply, empty, requireTensor } from './apply.js';
import type { Primitive } from './apply.js';
import { unsqueeze } from './layout.js';

/** outer × dimSize × inner decomposition of a shape around `dim`. */
function around(shape: Shape, dim: number): { outer: number; size: number; inner: number } {
  return {
    outer: shape.slice(0, dim).reduce((p, d) => p * d, 1),
    size: shape[dim]!,
    inner: shape.slice(dim + 1).reduce((p, d) => p * d, 1),
  };
}

/** Copies a [start, start+length) slab along `dim` between differently sized tensors. */
function copySlab(
  src: Storage,
  srcSize: number,
  srcStart: number,
  dst: Storage,
  dstSize: number,
  dstStart: number,
  length: number,
  outer: number,
  inner: number,
): void {
  const run = length * inner;
  for (let o = 0; o < outer; o++) {
    const from = (o * srcSize + srcStart) * inner;
    (dst as Float64Array).set((src as Float64Array).subarray(from, from + run), (o * dstSize + dstStart) * inner);
  }
}

interface NarrowAttrs {
  dim: number;
  start: number;
  length: number;
}

const narrowPrimitive: Primitive<NarrowAttrs> = {
  forward: ([x], { dim, start, length }) => {
    const shape = [...x!.shape];
    shape[dim] = length;
    const out = empty(shape, x!.dtype);
    const { outer, size, inner } = around(x!.shape, dim);
    copySlab(x!.data, size, start, out.data, length, 0, length, outer, inner);
    return out;
  },
  vjp: (g, [x], _out, { dim, start, length }) => {
    const gx = empty(x!.shape, g.dtype);
    const { outer, size, inner } = around(x!.shape, dim);
    copySlab(g.data, length, 0, gx.data, size, start, length, outer, inner);
    return [gx];
  },
};

interface IndexSelectAttrs {
  dim: number;
  index: Int32Array;
}

const indexSelectPrimitive: Primitive<IndexSelectAttrs> = {
  forward: ([x], { dim, index }) => {
    const shape = [...x!.shape];
    shape[dim] = index.length;
    const out = empty(shape, x!.dtype);
    const { outer, size, inner } = around(x!.shape, dim);
    index.forEach((src, j) => copySlab(x!.data, size, src, out.data, index.length, j, 1, outer, inner));
    return out;
  },
  // Repeated indices accumulate (index_add), so the gradient of a gather is a scatter-add.
  vjp: (g, [x], _out, { dim, index }) => {
    const gx = empty(x!.shape, g.dtype);
    const { outer, size, inner } = around(x!.shape, dim);
    const G = g.data;
    const GX = gx.data;
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < index.length; j++) {
        const from = (o * index.length + j) * inner;
        const to = (o * size + index[j]!) * inner;
        for (let i = 0; i < inner; i++) GX[to + i]! += G[from + i]!;
      }
    }
    return [gx];
  },
};

const concatPrimitive: Primitive<{ dim: number }> = {
  forward: (xs, { dim }) => {
    const shape = [...xs[0]!.shape];
    shape[dim] = xs.reduce((p, t) => p + t.shape[dim]!, 0);
    const out = empty(shape, xs[0]!.dtype);
    let at = 0;
    for (const t of xs) {
      const { outer, size, inner } = around(t.shape, dim);
      copySlab(t.data, size, 0, out.data, shape[dim], at, size, outer, inner);
      at += size;
    }
    return out;
  },
  vjp: (g, xs, _out, { dim }) => {
    let at = 0;
    return xs.map((t) => {
      const piece = narrow(g, dim, at, t.shape[dim]!);
      at += t.shape[dim]!;
      return piece;
    });
  },
};

export const indexingPrimitives = {
  narrow: narrowPrimitive,
  indexSelect: indexSelectPrimitive,
  concat: concatPrimitive,
};

/** Elements [start, start+length) along `dim` (torch.narrow). */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  requireTensor(x, 'narrow');
  const d = normalizeDim(dim, x.ndim, 'narrow');
  const size = x.shape[d]!;
  const s = start < 0 ? start + size : start;
  if (!Number.isInteger(s) || !Number.isInteger(length) || s < 0 || length < 0 || s + length > size) {
    throw new RangeError(
      `narrow: start ${start} and length ${length} do not fit dim ${dim} of size ${size} (shape ${fmtShape(x.shape)})`,
    );
  }
  if (s === 0 && length === size) return x;
  return apply('narrow', narrowPrimitive, [x], { dim: d, start: s, length });
}

/** Rows (or slabs along `dim`) picked by an int index; repeats allowed. */
export function indexSelect(x: Tensor, dim: number, index: Tensor | readonly number[]): Tensor {
  requireTensor(x, 'indexSelect');
  const d = normalizeDim(dim, x.ndim, 'indexSelect');
  if (index instanceof Tensor && (index.dtype !== 'int32' || index.ndim > 1)) {
    throw new TypeError(
      `indexSelect: index must be a 1-D int32 tensor, got ${index.dtype} of shape ${fmtShape(index.shape)}`,
    );
  }
  const idx = index instanceof Tensor ? (index.data as Int32Array) : Int32Array.from(index);
  const size = x.shape[d]!;
  idx.forEach((v, i) => {
    if (!(v >= 0 && v < size)) {
      throw new RangeError(`indexSelect: index ${v} (position ${i}) is out of range for dim ${dim} of size ${size}`);
    }
  });
  return apply('indexSelect', indexSelectPrimitive, [x], { dim: d, index: idx });
}

/** Joins tensors along an existing dim (torch.cat). */
export function concat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (!Array.isArray(tensors as unknown) || tensors.length === 0)
    throw new RangeError('concat: expected a non-empty array of tensors');
  tensors.forEach((t, i) => requireTensor(t, 'concat', `tensors[${i}]`));
  const first = tensors[0]!;
  const d = normalizeDim(dim, first.ndim, 'concat');
  tensors.forEach((t, i) => {
    if (t.dtype !== first.dtype)
      throw new TypeError(`concat: tensors[${i}] has dtype ${t.dtype}, expected ${first.dtype}`);
    if (t.ndim !== first.ndim || t.shape.some((s, j) => j !== d && s !== first.shape[j])) {
      throw new RangeError(
        `concat: tensors[${i}] has shape ${fmtShape(t.shape)}, which does not match ${fmtShape(first.shape)} outside dim ${dim}`,
      );
    }
  });
  if (tensors.length === 1) return first;
  return apply('concat', concatPrimitive, tensors, { dim: d });
}
export const cat = concat;

/** Joins tensors along a new dim. */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (!Array.isArray(tensors as unknown) || tensors.length === 0)
    throw new RangeError('stack: expected a non-empty array of tensors');
  const d = normalizeDim(dim, tensors[0]!.ndim + 1, 'stack');
  tensors.forEach((t, i) => {
    if (t.ndim !== tensors[0]!.ndim || t.shape.some((s, j) => s !== tensors[0]!.shape[j])) {
      throw new RangeError(
        `stack: tensors[${i}] has shape ${fmtShape(t.shape)}, expected ${fmtShape(tensors[0]!.shape)}`,
      );
    }
  });
  return concat(
    tensors.map((t) => unsqueeze(t, d)),
    d,
  );
}

/** Splits into pieces of `size` (last may be smaller) or of the listed sizes. */
export function split(x: Tensor, size: number | readonly number[], dim = 0): Tensor[] {
  requireTensor(x, 'split');
  const d = normalizeDim(dim, x.ndim, 'split');
  const total = x.shape[d]!;
  let sizes: number[];
  if (typeof size === 'number') {
    if (!Number.isInteger(size) || size <= 0)
      throw new RangeError(`split: size must be a positive integer, got ${size}`);
    sizes = Array.from({ length: Math.ceil(total / size) }, (_, i) => Math.min(size, total - i * size));
  } else {
    sizes = [...size];
    if (sizes.reduce((p, s) => p + s, 0) !== total) {
      throw new RangeError(`split: sizes ${fmtShape(sizes)} do not sum to ${total}, the size of dim ${dim}`);
    }
  }
  let at = 0;
  return sizes.map((s) => {
    const piece = narrow(x, d, at, s);
    at += s;
    return piece;
  });
}

/** Splits into `chunks` near-equal pieces (torch.chunk). */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  requireTensor(x, 'chunk');
  if (!Number.isInteger(chunks) || chunks <= 0)
    throw new RangeError(`chunk: chunks must be a positive integer, got ${chunks}`);
  const d = normalizeDim(dim, x.ndim, 'chunk');
  return split(x, Math.max(1, Math.ceil(x.shape[d]! / chunks)), d);
}
