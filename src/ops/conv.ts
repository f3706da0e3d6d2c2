/**
 * 2-D convolution as im2col + one batched GEMM, and its VJP as two more GEMMs + col2im.
 *
 * Layouts are torch's: x [N, C, H, W], weight [O, C, kh, kw] (read as the matrix [O, C·kh·kw]).
 * im2col unfolds each sample into cols [C·kh·kw, L] (L = outH·outW, one column per output pixel),
 * so out[n] = W · cols[n] lands directly in NCHW order: the GEMM is one backend call with the
 * weight broadcast over the batch (strideA = 0), and the WASM GEMM speeds it up unchanged.
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

/** Unfolds x [N, C, H, W] into cols [N, C·kh·kw, outH·outW]; padded taps read 0. */
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
        const row = dst + oh * OW;
        if (ih < 0 || ih >= H || owLo >= owHi) {
          cols.fill(0, row, row + OW);
          continue;
        }
        const base = src + ih * W + shift;
        if (owLo > 0) cols.fill(0, row, row + owLo);
        for (let ow = owLo; ow < owHi; ow++) cols[row + ow] = x[base + ow * sw]!;
        if (owHi < OW) cols.fill(0, row + owHi, row + OW);
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

/** Sizes of the conv GEMMs for input `x` and weight `w`. */
function dims(x: Tensor, weight: Tensor, win: Window2d) {
  const [N, C] = x.shape as [number, number];
  const O = weight.shape[0]!;
  const K = C * win.kernel[0] * win.kernel[1];
  const L = win.out[0] * win.out[1];
  return { N, O, K, L };
}

function unfold(x: Tensor, win: Window2d, N: number, K: number, L: number): FloatArray {
  const cols = getBackend(x.dtype).alloc(x.dtype, N * K * L) as FloatArray;
  im2col(x.data as FloatArray, x.shape, win, cols);
  return cols;
}

const conv2dPrimitive: Primitive<Window2d> = {
  // inputs: x, weight, and optionally bias [O]
  forward: ([x, weight, bias], win) => {
    const { N, O, K, L } = dims(x!, weight!, win);
    const cols = unfold(x!, win, N, K, L);
    const out = empty([N, O, win.out[0], win.out[1]], x!.dtype);
    const Y = out.data as FloatArray;
    getBackend(x!.dtype).matmul(weight!.data as FloatArray, cols, Y, {
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
    return out;
  },
  vjp: (g, [x, weight, bias], _out, win) => {
    const { N, O, K, L } = dims(x!, weight!, win);
    const backend = getBackend(x!.dtype);
    const G = (g.dtype === x!.dtype ? g : g.to(x!.dtype)).data as FloatArray;
    let gx: Tensor | null = null;
    let gw: Tensor | null = null;
    let gb: Tensor | null = null;
    if (x!.requiresGrad) {
      // dcols[n] = Wᵀ · g[n], then scatter the columns back onto the image.
      const dcols = backend.alloc(x!.dtype, N * K * L) as FloatArray;
      backend.matmul(weight!.data as FloatArray, G, dcols, {
        batch: N,
        m: K,
        n: L,
        k: O,
        transA: true,
        transB: false,
        strideA: 0,
        strideB: O * L,
      });
      gx = empty(x!.shape, x!.dtype);
      col2im(dcols, x!.shape, win, gx.data as FloatArray);
    }
    if (weight!.requiresGrad) {
      // dW = Σₙ g[n] · cols[n]ᵀ: one batched GEMM, then a sum over the batch.
      const cols = unfold(x!, win, N, K, L);
      const per = backend.alloc(x!.dtype, N * O * K) as FloatArray;
      backend.matmul(G, cols, per, {
        batch: N,
        m: O,
        n: K,
        k: L,
        transA: false,
        transB: true,
        strideA: O * L,
        strideB: K * L,
      });
      gw = empty(weight!.shape, x!.dtype);
      const GW = gw.data as FloatArray;
      for (let n = 0; n < N; n++) {
        const at = n * O * K;
        for (let i = 0; i < O * K; i++) GW[i]! += per[at + i]!;
      }
    }
    if (bias?.requiresGrad) {
      gb = empty(bias.shape, x!.dtype);
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
    return bias ? [gx, gw, gb] : [gx, gw];
  },
};

export const convPrimitives = { conv2d: conv2dPrimitive };

/**
 * Records a conv2d (shapes already checked by F.conv2d): x [N, C, H, W], weight [O, C, kh, kw],
 * bias [O] or null → [N, O, outH, outW].
 */
export function conv2dRaw(x: Tensor, weight: Tensor, bias: Tensor | null, win: Window2d): Tensor {
  return apply('conv2d', conv2dPrimitive, bias ? [x, weight, bias] : [x, weight], win);
}
