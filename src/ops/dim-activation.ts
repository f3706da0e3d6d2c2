/**
 * The fused dim-wise activation primitive (softmax family, GLU family, maxout, sparsemax): one
 * kernel pass forward and one backward over the slices along `dim`. The input is seen as
 * [outer, size, inner] around `dim`, the output as [outer, outSize, inner] (GLU halves `dim`,
 * maxout divides it by k), so kernels never see strides beyond `inner`.
 */
import type { Backend, KernelParams } from '../backend/backend.js';
import { getBackend } from '../backend/registry.js';
import type { FloatArray } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { release } from '../backend/scope.js';
import { apply, empty, emptyUninitialized, requireFloat, requireTensor } from './apply.js';
import type { Primitive } from './apply.js';

/** Fused kernels of one dim-wise activation; `params` are the spec's parameter values by name. */
export interface DimKernel<P = KernelParams> {
  /** out ([outer, outSize, inner]) from x ([outer, size, inner]). */
  forward(x: FloatArray, out: FloatArray, outer: number, size: number, inner: number, params: P): void;
  /** gx = Jᵀ·gy slice by slice; `y` is the forward output (softmax's rule is cheapest in y). */
  backward(
    x: FloatArray,
    y: FloatArray,
    gy: FloatArray,
    gx: FloatArray,
    outer: number,
    size: number,
    inner: number,
    params: P,
  ): void;
}

export interface DimActivationAttrs {
  /** Registry id, for error messages and the tape. */
  id: string;
  kernel: DimKernel;
  params: KernelParams;
  /** Normalised (non-negative) dimension. */
  dim: number;
  /** Length of `dim` in the output. */
  outSize: number;
}

/** outer × size × inner around `dim` (a 0-d tensor is one slice of length 1). */
function around(shape: readonly number[], dim: number): [number, number, number] {
  if (shape.length === 0) return [1, 1, 1];
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < dim; i++) outer *= shape[i]!;
  for (let i = dim + 1; i < shape.length; i++) inner *= shape[i]!;
  return [outer, shape[dim]!, inner];
}

function outShape(shape: readonly number[], dim: number, outSize: number): number[] {
  return shape.length === 0 ? [] : shape.map((d, i) => (i === dim ? outSize : d));
}

/** softmax / log_softmax over the last (contiguous) dim can take the backend's fused row kernels. */
const ROW_KERNELS: Readonly<Record<string, boolean>> = { softmax: false, log_softmax: true };
function rowKernel(x: Tensor, a: DimActivationAttrs, inner: number): { backend: Backend; log: boolean } | null {
  const log = ROW_KERNELS[a.id];
  return log === undefined || inner !== 1 || x.numel === 0 ? null : { backend: getBackend(x.dtype), log };
}

const dimActivationPrimitive: Primitive<DimActivationAttrs> = {
  forward: ([x], a) => {
    const [outer, size, inner] = around(x!.shape, a.dim);
    const rows = rowKernel(x!, a, inner);
    const shape = outShape(x!.shape, a.dim, a.outSize);
    if (rows?.backend.softmaxRows) {
      // The row kernel overwrites every element: no zero-fill pass (a quarter of softmax's time).
      const out = emptyUninitialized(shape, x!.dtype);
      if (rows.backend.softmaxRows(x!.data as FloatArray, out.data as FloatArray, size, rows.log)) return out;
      release(out);
    }
    const out = empty(shape, x!.dtype);
    a.kernel.forward(x!.data as FloatArray, out.data as FloatArray, outer, size, inner, a.params);
    return out;
  },
  vjp: (g, [x], out, a) => {
    const gy = g.dtype === x!.dtype ? g : g.to(x!.dtype);
    const [outer, size, inner] = around(x!.shape, a.dim);
    const rows = rowKernel(x!, a, inner);
    if (rows?.backend.softmaxRowsBackward) {
      const gx = emptyUninitialized(x!.shape, x!.dtype);
      const done = rows.backend.softmaxRowsBackward(
        out.data as FloatArray,
        gy.data as FloatArray,
        gx.data as FloatArray,
        size,
        rows.log,
      );
      if (done) return [gx];
      release(gx);
    }
    const gx = empty(x!.shape, x!.dtype);
    a.kernel.backward(
      x!.data as FloatArray,
      out.data as FloatArray,
      gy.data as FloatArray,
      gx.data as FloatArray,
      outer,
      size,
      inner,
      a.params,
    );
    return [gx];
  },
};

export const dimActivationPrimitives = { dimActivation: dimActivationPrimitive };

/** Applies a dim-wise activation whose dim and output size are already checked. */
export function dimActivation(x: Tensor, attrs: DimActivationAttrs): Tensor {
  requireTensor(x, attrs.id);
  requireFloat(x, attrs.id);
  return apply(attrs.id, dimActivationPrimitive, [x], attrs);
}
