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
 * Unfolds x [N, C, H, W] into cols [N, C·kh·kw, outH·outW]. `cols` must arrive zeroed (fresh
 * backend storage is): padded taps are simply not written.
 */
export function im2col(x: FloatArray, shape: readonly number[], w: Window2d, cols: FloatArray): void {
  const [N, C, H, W] = shape as [number, number, number, number];
  const [kh, kw] = w.kernel;
  const [sh, sw] = w.stride;
  const [ph, pw] = w.padding;
  const [dh, dw] = w.dilation;
  const [OH, OW] = w.out;
  const L = OH * OW;
  const rows = C * kh * kw;
  for (let n = 0; n < N; n++) {
    for (let r = 0; r < rows; r++) {
      const c = Math.floor(r / (kh * kw));
      const ki = Math.floor(r / kw) % kh;
      const kj = r % kw;
      const src = (n * C + c) * H * W;
      const dst = (n * rows + r) * L;
      // Output columns whose tap iw = ow·sw − pw + kj·dw falls inside [0, W).
      const shift = kj * dw - pw;
      const owLo = Math.max(0, Math.ceil(-shift / sw));
      const owHi = Math.min(OW, Math.floor((W - 1 - shift) / sw) + 1);
      for (let oh = 0; oh < OH; oh++) {
        const ih = oh * sh - ph + ki * dh;
        if (ih < 0 || ih >= H) continue;
        const base = src + ih * W + shift;
        const row = dst + oh * OW;
        if (sw === 1) for (let ow = owLo; ow < owHi; ow++) cols[row + ow] = x[base + ow]!;
        else for (let ow = owLo; ow < owHi; ow++) cols[row + ow] = x[base + ow * sw]!;
      }
    }
  }
}

/** The adjoint of im2col: adds every column entry back onto the pixel it was read from. */
export function col2im(cols: FloatArray, shape: readonly number[], w: Window2d, gx: FloatArray): void {
  const [N, C, H, W] = shape as [number, number, number, number];
  const [kh, kw] = w.kernel;
  const [sh, sw] = w.stride;
  const [ph, pw] = w.padding;
  const [dh, dw] = w.dilation;
  const [OH, OW] = w.out;
  const L = OH * OW;
  const rows = C * kh * kw;
  for (let n = 0; n < N; n++) {
    for (let r = 0; r < rows; r++) {
      const c = Math.floor(r / (kh * kw));
      const ki = Math.floor(r / kw) % kh;
      const kj = r % kw;
      const dst = (n * C + c) * H * W;
      const src = (n * rows + r) * L;
      const shift = kj * dw - pw;
      const owLo = Math.max(0, Math.ceil(-shift / sw));
      const owHi = Math.min(OW, Math.floor((W - 1 - shift) / sw) + 1);
      for (let oh = 0; oh < OH; oh++) {
        const ih = oh * sh - ph + ki * dh;
        if (ih < 0 || ih >= H) continue;
        const base = dst + ih * W + shift;
        const row = src + oh * OW;
        for (let ow = owLo; ow < owHi; ow++) gx[base + ow * sw]! += cols[row + ow]!;
      }
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
