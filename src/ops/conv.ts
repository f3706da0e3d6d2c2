/**
 * 2-D convolution as im2col + one batched GEMM, and its VJP as two more GEMMs + col2im.
 *
 * Layouts are torch's: x [N, C, H, W], weight [O, C, kh, kw] (read as the matrix [O, C·kh·kw]).
 * im2col unfolds each sample into cols [C·kh·kw, L] (L = outH·outW, one column per output pixel),
 * so out[n] = W · cols[n] lands directly in NCHW order: the GEMM is one backend call with the
 * weight broadcast over the batch (strideA = 0), and the WASM GEMM speeds it up unchanged.
 * Two primitives: `im2col` (VJP col2im) and `conv2d`, the GEMM over its cols, so the tape keeps
 * the cols the weight gradient needs instead of unfolding the input twice.
 */
import { getBackend } from '../backend/registry.js';
import type { FloatArray } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { apply, empty } from './apply.js';
import type { Primitive } from './apply.js';

/** Resolved geometry of a 2-D window op: per-axis kernel, stride, leading padding, dilation, output size. */
export interface Window2d {
  kernel: [number, number];
  stride: [number, number];
  /** Padding before the first row / column (the far side is implied by `out`). */
  padding: [number, number];
  dilation: [number, number];
  out: [number, number];
}

/**
 * The contiguous runs of the unfold of one image [C, H, W] by window `w`, as quadruples
 * (pixel, col, lo, hi): output columns [lo, hi) of one (column row, output row) whose taps fall
 * inside the image, `pixel` the offset of the tap for ow = 0 (the tap of ow is pixel + ow·stride)
 * and `col` the offset of that output row in cols [C·kh·kw, outH·outW]. Padded taps are left out,
 * so im2col and col2im, which both walk this table, need no bounds checks per element.
 */
function tapRuns(shape: readonly number[], w: Window2d): Int32Array {
  const [, C, H, W] = shape as [number, number, number, number];
  const [kh, kw] = w.kernel;
  const [sh, sw] = w.stride;
  const [ph, pw] = w.padding;
  const [dh, dw] = w.dilation;
  const [OH, OW] = w.out;
  const rows = C * kh * kw;
  const runs = new Int32Array(rows * OH * 4);
  let k = 0;
  for (let r = 0; r < rows; r++) {
    const c = Math.floor(r / (kh * kw));
    const ki = Math.floor(r / kw) % kh;
    const kj = r % kw;
    // Output columns whose tap iw = ow·sw − pw + kj·dw falls inside [0, W).
    const shift = kj * dw - pw;
    const lo = Math.max(0, Math.ceil(-shift / sw));
    const hi = Math.min(OW, Math.floor((W - 1 - shift) / sw) + 1);
    for (let oh = 0; oh < OH; oh++) {
      const ih = oh * sh - ph + ki * dh;
      if (ih < 0 || ih >= H || lo >= hi) continue;
      runs[k++] = c * H * W + ih * W + shift;
      runs[k++] = r * OH * OW + oh * OW;
      runs[k++] = lo;
      runs[k++] = hi;
    }
  }
  return runs.subarray(0, k);
}

/**
 * Unfolds x [N, C, H, W] into cols [N, C·kh·kw, outH·outW]. `cols` must arrive zeroed (fresh
 * backend storage is): padded taps are simply not written.
 */
export function im2col(x: FloatArray, shape: readonly number[], w: Window2d, cols: FloatArray): void {
  const runs = tapRuns(shape, w);
  const sw = w.stride[1];
  const imageSize = shape[1]! * shape[2]! * shape[3]!;
  const colsSize = cols.length / shape[0]!;
  for (let n = 0; n < shape[0]!; n++) {
    for (let q = 0; q < runs.length; q += 4) {
      const pixel = n * imageSize + runs[q]!;
      const col = n * colsSize + runs[q + 1]!;
      const hi = runs[q + 3]!;
      if (sw === 1) for (let ow = runs[q + 2]!; ow < hi; ow++) cols[col + ow] = x[pixel + ow]!;
      else for (let ow = runs[q + 2]!; ow < hi; ow++) cols[col + ow] = x[pixel + ow * sw]!;
    }
  }
}

/** The adjoint of im2col: adds every column entry back onto the pixel it was read from. */
export function col2im(cols: FloatArray, shape: readonly number[], w: Window2d, gx: FloatArray): void {
  const runs = tapRuns(shape, w);
  const sw = w.stride[1];
  const imageSize = shape[1]! * shape[2]! * shape[3]!;
  const colsSize = cols.length / shape[0]!;
  for (let n = 0; n < shape[0]!; n++) {
    for (let q = 0; q < runs.length; q += 4) {
      const pixel = n * imageSize + runs[q]!;
      const col = n * colsSize + runs[q + 1]!;
      const hi = runs[q + 3]!;
      for (let ow = runs[q + 2]!; ow < hi; ow++) gx[pixel + ow * sw]! += cols[col + ow]!;
    }
  }
}

const im2colPrimitive: Primitive<Window2d> = {
  forward: ([x], w) => {
    const [N, C] = x!.shape as [number, number];
    const cols = empty([N, C * w.kernel[0] * w.kernel[1], w.out[0] * w.out[1]], x!.dtype);
    im2col(x!.data as FloatArray, x!.shape, w, cols.data as FloatArray);
    return cols;
  },
  vjp: (g, [x], _out, w) => {
    const gx = empty(x!.shape, x!.dtype);
    col2im((g.dtype === x!.dtype ? g : g.to(x!.dtype)).data as FloatArray, x!.shape, w, gx.data as FloatArray);
    return [gx];
  },
};

/** Output spatial size of the conv GEMM (the cols' L = outH·outW, restored as two dims). */
export interface ConvGemmAttrs {
  out: [number, number];
}

/**
 * The GEMM half of a convolution: inputs cols [N, K, L] (from im2col, kept by the tape for the
 * weight gradient), weight [O, C, kh, kw] read as [O, K], and optionally bias [O].
 */
const conv2dPrimitive: Primitive<ConvGemmAttrs> = {
  forward: ([cols, weight, bias], { out }) => {
    const [N, K, L] = cols!.shape as [number, number, number];
    const O = weight!.shape[0]!;
    const y = empty([N, O, out[0], out[1]], cols!.dtype);
    const Y = y.data as FloatArray;
    getBackend(cols!.dtype).matmul(weight!.data as FloatArray, cols!.data as FloatArray, Y, {
      batch: N,
      m: O,
      n: L,
      k: K,
      transA: false,
      transB: false,
      strideA: 0,
      strideB: K * L,
    });
    if (bias) {
      const B = bias.data;
      for (let n = 0; n < N; n++) {
        for (let o = 0; o < O; o++) {
          const b = B[o]!;
          const at = (n * O + o) * L;
          for (let l = 0; l < L; l++) Y[at + l]! += b;
        }
      }
    }
    return y;
  },
  vjp: (g, [cols, weight, bias]) => {
    const [N, K, L] = cols!.shape as [number, number, number];
    const O = weight!.shape[0]!;
    const dtype = cols!.dtype;
    const backend = getBackend(dtype);
    const G = (g.dtype === dtype ? g : g.to(dtype)).data as FloatArray;
    let gcols: Tensor | null = null;
    let gw: Tensor | null = null;
    let gb: Tensor | null = null;
    if (cols!.requiresGrad) {
      // dcols[n] = Wᵀ · g[n]; im2col's VJP scatters it back onto the image.
      gcols = empty(cols!.shape, dtype);
      backend.matmul(weight!.data as FloatArray, G, gcols.data as FloatArray, {
        batch: N,
        m: K,
        n: L,
        k: O,
        transA: true,
        transB: false,
        strideA: 0,
        strideB: O * L,
      });
    }
    if (weight!.requiresGrad) {
      // dW = Σₙ g[n] · cols[n]ᵀ: one batched GEMM, then a sum over the batch.
      const per = backend.alloc(dtype, N * O * K) as FloatArray;
      backend.matmul(G, cols!.data as FloatArray, per, {
        batch: N,
        m: O,
        n: K,
        k: L,
        transA: false,
        transB: true,
        strideA: O * L,
        strideB: K * L,
      });
      gw = empty(weight!.shape, dtype);
      const GW = gw.data as FloatArray;
      for (let n = 0; n < N; n++) {
        const at = n * O * K;
        for (let i = 0; i < O * K; i++) GW[i]! += per[at + i]!;
      }
    }
    if (bias?.requiresGrad) {
      gb = empty(bias.shape, dtype);
      const GB = gb.data as FloatArray;
      for (let n = 0; n < N; n++) {
        for (let o = 0; o < O; o++) {
          const at = (n * O + o) * L;
          let s = 0;
          for (let l = 0; l < L; l++) s += G[at + l]!;
          GB[o]! += s;
        }
      }
    }
    return bias ? [gcols, gw, gb] : [gcols, gw];
  },
};

export const convPrimitives = { im2col: im2colPrimitive, conv2d: conv2dPrimitive };

/**
 * Records a conv2d (shapes already checked by F.conv2d) as im2col then the GEMM: x [N, C, H, W],
 * weight [O, C, kh, kw], bias [O] or null → [N, O, outH, outW].
 */
export function conv2dRaw(x: Tensor, weight: Tensor, bias: Tensor | null, win: Window2d): Tensor {
  const cols = apply('im2col', im2colPrimitive, [x], win);
  return apply('conv2d', conv2dPrimitive, bias ? [cols, weight, bias] : [cols, weight], { out: win.out });
}

/** Records im2col alone (torch's F.unfold): x [N, C, H, W] → [N, C·kh·kw, outH·outW]. */
export function im2colRaw(x: Tensor, win: Window2d): Tensor {
  return apply('im2col', im2colPrimitive, [x], win);
}
