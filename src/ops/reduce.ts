/** Reductions along dims (with keepdim), their VJPs, and sumTo (undoing a broadcast). */
import type { ReduceOpName } from '../backend/backend.js';
import { getBackend } from '../backend/registry.js';
import type { Shape } from '../tensor/shape.js';
import { fmtShape, normalizeDims } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { apply, empty, requireFloat, requireTensor } from './apply.js';
import type { Primitive } from './apply.js';
import { div, eq, mul, sub } from './binary.js';
import { expand, reshape } from './layout.js';
import { exp } from './unary.js';

export interface ReduceAttrs {
  dims: number[];
  keepdim: boolean;
  /** max/min only: spread the gradient evenly over ties (full or multi-dim reductions, like torch's amax). */
  evenTies?: boolean;
}

function reducedShape(shape: Shape, dims: readonly number[], keepdim: boolean): number[] {
  return keepdim ? shape.map((d, i) => (dims.includes(i) ? 1 : d)) : shape.filter((_, i) => !dims.includes(i));
}

/** The gradient (or output) with reduced dims restored as size 1, so it broadcasts over the input. */
function unreduce(t: Tensor, input: Tensor, attrs: ReduceAttrs): Tensor {
  return reshape(t, reducedShape(input.shape, attrs.dims, true));
}

function reducePrimitive(op: ReduceOpName, vjp: Primitive<ReduceAttrs>['vjp']): Primitive<ReduceAttrs> {
  return {
    forward: ([x], { dims, keepdim }) => {
      const isArg = op === 'argmax' || op === 'argmin';
      const out = empty(reducedShape(x!.shape, dims, keepdim), isArg ? 'int32' : x!.dtype);
      getBackend(x!.dtype).reduce(op, x!.data, x!.shape, dims, out.data);
      return out;
    },
    vjp,
  };
}

export const reducePrimitives: { readonly [K in ReduceOpName]: Primitive<ReduceAttrs> } = {
  sum: reducePrimitive('sum', (g, [x], _out, a) => [expand(unreduce(g, x!, a), x!.shape)]),
  // A full max/min spreads the gradient evenly over ties; along a dim it goes to the first
  // extreme index (torch's evenly_distribute_backward vs. its indexed backward).
  max: reducePrimitive('max', (g, [x], out, a) => [extremeGrad(g, x!, out, a)]),
  min: reducePrimitive('min', (g, [x], out, a) => [extremeGrad(g, x!, out, a)]),
  logsumexp: reducePrimitive('logsumexp', (g, [x], out, a) => [
    mul(unreduce(g, x!, a), exp(sub(x!, unreduce(out, x!, a)))),
  ]),
  argmax: reducePrimitive('argmax', () => [null]),
  argmin: reducePrimitive('argmin', () => [null]),
};

function extremeGrad(g: Tensor, x: Tensor, out: Tensor, a: ReduceAttrs): Tensor {
  const hits = eq(x, unreduce(out, x, a));
  if (a.evenTies) {
    return div(mul(hits, unreduce(g, x, a)), sum(hits, a.dims, true));
  }
  // First hit along the (single) reduced dim: a cumulative-count mask keeps only it.
  const first = firstHitMask(hits, a.dims);
  return mul(first, unreduce(g, x, a));
}

/** 1 at the first nonzero of `mask` along each reduced run, 0 elsewhere. */
function firstHitMask(mask: Tensor, dims: readonly number[]): Tensor {
  const out = empty(mask.shape, mask.dtype);
  const shape = mask.shape;
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((p, d) => p * d, 1));
  const inner = dims.reduce((p, d) => p * shape[d]!, 1);
  const kept = shape.map((_, i) => i).filter((i) => !dims.includes(i));
  const outer = kept.reduce((p, d) => p * shape[d]!, 1);
  const idx = (list: number[], flat: number): number => {
    let off = 0;
    for (let j = list.length - 1; j >= 0; j--) {
      const d = list[j]!;
      off += (flat % shape[d]!) * strides[d]!;
      flat = Math.floor(flat / shape[d]!);
    }
    return off;
  };
  for (let o = 0; o < outer; o++) {
    const base = idx(kept, o);
    for (let i = 0; i < inner; i++) {
      const at = base + idx([...dims], i);
      if (mask.data[at]) {
        out.data[at] = 1;
        break;
      }
    }
  }
  return out;
}

function reduce(op: ReduceOpName, x: Tensor, dim: number | readonly number[] | undefined, keepdim: boolean): Tensor {
  requireTensor(x, op);
  if (op !== 'sum' && op !== 'argmax' && op !== 'argmin') requireFloat(x, op);
  const dims = normalizeDims(dim, x.ndim, op);
  // Only an empty reduced dim has no extreme; [0, C] reduced over C is just an empty result.
  if (op !== 'sum' && dims.some((d) => x.shape[d] === 0))
    throw new RangeError(`${op}: cannot reduce an empty tensor of shape ${fmtShape(x.shape)}`);
  const evenTies = dim === undefined || (typeof dim !== 'number' && dims.length !== 1);
  return apply(op, reducePrimitives[op], [x], { dims, keepdim, evenTies });
}

export const sum = (x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor =>
  reduce('sum', x, dim, keepdim);
export const max = (x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor =>
  reduce('max', x, dim, keepdim);
export const min = (x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor =>
  reduce('min', x, dim, keepdim);
export const logsumexp = (x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor =>
  reduce('logsumexp', x, dim, keepdim);
/** Index of the first maximum (int32); without a dim, into the flattened tensor. */
export function argmax(x: Tensor, dim?: number, keepdim = false): Tensor {
  return dim === undefined ? reduce('argmax', reshape(x, [x.numel]), 0, false) : reduce('argmax', x, dim, keepdim);
}
export function argmin(x: Tensor, dim?: number, keepdim = false): Tensor {
  return dim === undefined ? reduce('argmin', reshape(x, [x.numel]), 0, false) : reduce('argmin', x, dim, keepdim);
}

/** Mean over dims: a sum divided by the count (so its gradient is the sum's, scaled). */
export function mean(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  requireTensor(x, 'mean');
  requireFloat(x, 'mean');
  const dims = normalizeDims(dim, x.ndim, 'mean');
  const count = dims.reduce((p, d) => p * x.shape[d]!, 1);
  return div(sum(x, dims, keepdim), count);
}

/** Sums a broadcast gradient back down to `shape` (leading dims dropped, stretched dims summed). */
export function sumTo(g: Tensor, shape: Shape): Tensor {
  if (g.shape.length === shape.length && g.shape.every((d, i) => d === shape[i])) return g;
  const lead = g.ndim - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < g.ndim; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) dims.push(i);
  }
  return reshape(sum(g, dims, true), shape);
}
