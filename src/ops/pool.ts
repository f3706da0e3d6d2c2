/**
 * 2-D max and average pooling over x [N, C, H, W], with their VJPs, following torch's CPU kernels:
 * - max: padding is skipped (it acts as −∞); a window's winner is its FIRST maximum in row-major
 *   order (a later equal value does not replace it), and NaN wins — the last NaN, since torch
 *   updates on `v > best || isnan(v)`.
 *   The whole gradient goes to the winner; overlapping windows add up.
 * - avg: the divisor counts padded taps when `countIncludePad` (torch's default), but never the
 *   part of a ceil-mode window that hangs past the padding; `divisorOverride` replaces it.
 */
import type { FloatArray } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { getBackend } from '../backend/registry.js';
import { apply, empty, emptyUninitialized } from './apply.js';
import type { Primitive } from './apply.js';
import type { Window2d } from './conv.js';

export interface AvgPoolAttrs extends Window2d {
  countIncludePad: boolean;
  divisorOverride: number | null;
}

/** Max-pool geometry, plus the winners' indices that the forward saves for the VJP (torch's ctx). */
export interface MaxPoolAttrs extends Window2d {
  /** Filled by the forward: flat input index of each window's winner. F.maxPool2d makes fresh attrs per call. */
  saved?: Int32Array;
  /** The same from a backend's maxPool2x2 kernel: int32 indices in that backend's float32 storage. */
  winners?: FloatArray;
}

/** 2×2 windows, stride 2, no padding or dilation, floor mode: what a backend's maxPool2x2 computes. */
function isPool2x2(x: Tensor, w: Window2d): boolean {
  const [, , H, W] = x.shape as [number, number, number, number];
  return (
    w.kernel[0] === 2 &&
    w.kernel[1] === 2 &&
    w.stride[0] === 2 &&
    w.stride[1] === 2 &&
    w.padding[0] === 0 &&
    w.padding[1] === 0 &&
    w.dilation[0] === 1 &&
    w.dilation[1] === 1 &&
    w.out[0] === Math.floor(H / 2) &&
    w.out[1] === Math.floor(W / 2)
  );
}

/** Flat input index of each window's winner (torch's scan order and NaN rule). */
function maxIndices(x: Tensor, w: Window2d): Int32Array {
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const [kh, kw] = w.kernel;
  const [sh, sw] = w.stride;
  const [ph, pw] = w.padding;
  const [dh, dw] = w.dilation;
  const [OH, OW] = w.out;
  const X = x.data as FloatArray;
  const idx = new Int32Array(N * C * OH * OW);
  if (kh === 2 && kw === 2 && ph === 0 && pw === 0 && dh === 1 && dw === 1)
    return maxIndices2x2(X, N * C, H, W, sh, sw, OH, OW, idx);
  // The window clipped to the input, per output column (padding is never the max: it acts as −∞).
  const jLo = new Int32Array(OW);
  const jHi = new Int32Array(OW);
  for (let ow = 0; ow < OW; ow++) {
    const w0 = ow * sw - pw;
    jLo[ow] = w0 >= 0 ? 0 : Math.ceil(-w0 / dw);
    jHi[ow] = Math.min(kw, Math.floor((W - 1 - w0) / dw) + 1);
  }
  let o = 0;
  for (let plane = 0; plane < N * C; plane++) {
    const base = plane * H * W;
    for (let oh = 0; oh < OH; oh++) {
      const h0 = oh * sh - ph;
      const iLo = h0 >= 0 ? 0 : Math.ceil(-h0 / dh);
      const iHi = Math.min(kh, Math.floor((H - 1 - h0) / dh) + 1);
      for (let ow = 0; ow < OW; ow++) {
        const w0 = ow * sw - pw;
        const j0 = jLo[ow]!;
        const j1 = jHi[ow]!;
        let arg = base + (h0 + iLo * dh) * W + w0 + j0 * dw;
        let best = X[arg]!;
        for (let i = iLo; i < iHi; i++) {
          const row = base + (h0 + i * dh) * W + w0;
          for (let j = j0; j < j1; j++) {
            const at = row + j * dw;
            const v = X[at]!;
            if (v > best || v !== v) {
              best = v;
              arg = at;
            }
          }
        }
        idx[o++] = arg;
      }
    }
  }
  return idx;
}

/** The common 2×2 window without padding or dilation, unrolled (same scan order and NaN rule). */
function maxIndices2x2(
  X: FloatArray,
  planes: number,
  H: number,
  W: number,
  sh: number,
  sw: number,
  OH: number,
  OW: number,
  idx: Int32Array,
): Int32Array {
  let o = 0;
  for (let plane = 0; plane < planes; plane++) {
    for (let oh = 0; oh < OH; oh++) {
      const rowStart = plane * H * W + oh * sh * W;
      for (let ow = 0; ow < OW; ow++) {
        const a = rowStart + ow * sw;
        const c = a + W;
        let arg = a;
        let best = X[a]!;
        let v = X[a + 1]!;
        if (v > best || v !== v) {
          best = v;
          arg = a + 1;
        }
        v = X[c]!;
        if (v > best || v !== v) {
          best = v;
          arg = c;
        }
        v = X[c + 1]!;
        if (v > best || v !== v) arg = c + 1;
        idx[o++] = arg;
      }
    }
  }
  return idx;
}

const maxPool2dPrimitive: Primitive<MaxPoolAttrs> = {
  forward: ([x], w) => {
    const [N, C, H, W] = x!.shape as [number, number, number, number];
    const backend = getBackend(x!.dtype);
    if (backend.maxPool2x2 && isPool2x2(x!, w)) {
      const out = emptyUninitialized([N, C, w.out[0], w.out[1]], x!.dtype);
      const n = out.data.length;
      const winners = (backend.allocUninitialized?.('float32', n) ?? backend.alloc('float32', n)) as FloatArray;
      if (backend.maxPool2x2(x!.data as FloatArray, N * C, H, W, out.data as FloatArray, winners)) {
        w.winners = winners;
        return out;
      }
    }
    const out = empty([N, C, w.out[0], w.out[1]], x!.dtype);
    const idx = maxIndices(x!, w);
    const X = x!.data;
    const Y = out.data;
    for (let i = 0; i < idx.length; i++) Y[i] = X[idx[i]!]!;
    w.saved = idx;
    return out;
  },
  vjp: (g, [x], _out, w) => {
    const gx = empty(x!.shape, x!.dtype);
    const G32 = g.dtype === x!.dtype ? (g.data as FloatArray) : null;
    if (w.winners && G32 && getBackend(x!.dtype).scatterAdd?.(G32, w.winners, gx.data as FloatArray)) return [gx];
    const idx = w.saved ?? maxIndices(x!, w);
    const G = g.data;
    const GX = gx.data;
    for (let i = 0; i < idx.length; i++) GX[idx[i]!]! += G[i]!;
    return [gx];
  },
};

/** Calls `visit(outIndex, inputRowStart, h0..h1, w0..w1, divisor)` for every window. */
function forEachAvgWindow(
  shape: readonly number[],
  a: AvgPoolAttrs,
  visit: (o: number, base: number, h0: number, h1: number, w0: number, w1: number, divisor: number) => void,
): void {
  const [N, C, H, W] = shape as [number, number, number, number];
  const [kh, kw] = a.kernel;
  const [sh, sw] = a.stride;
  const [ph, pw] = a.padding;
  const [OH, OW] = a.out;
  let o = 0;
  for (let plane = 0; plane < N * C; plane++) {
    const base = plane * H * W;
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        let h0 = oh * sh - ph;
        let w0 = ow * sw - pw;
        let h1 = Math.min(h0 + kh, H + ph);
        let w1 = Math.min(w0 + kw, W + pw);
        const poolSize = (h1 - h0) * (w1 - w0);
        h0 = Math.max(h0, 0);
        w0 = Math.max(w0, 0);
        h1 = Math.min(h1, H);
        w1 = Math.min(w1, W);
        const divisor = a.divisorOverride ?? (a.countIncludePad ? poolSize : (h1 - h0) * (w1 - w0));
        visit(o++, base, h0, h1, w0, w1, divisor);
      }
    }
  }
}

const avgPool2dPrimitive: Primitive<AvgPoolAttrs> = {
  forward: ([x], a) => {
    const [N, C, , W] = x!.shape as [number, number, number, number];
    const out = empty([N, C, a.out[0], a.out[1]], x!.dtype);
    const X = x!.data;
    const Y = out.data;
    forEachAvgWindow(x!.shape, a, (o, base, h0, h1, w0, w1, divisor) => {
      let s = 0;
      for (let ih = h0; ih < h1; ih++) for (let iw = w0; iw < w1; iw++) s += X[base + ih * W + iw]!;
      Y[o] = s / divisor;
    });
    return out;
  },
  vjp: (g, [x], _out, a) => {
    const W = x!.shape[3]!;
    const gx = empty(x!.shape, x!.dtype);
    const G = g.data;
    const GX = gx.data;
    forEachAvgWindow(x!.shape, a, (o, base, h0, h1, w0, w1, divisor) => {
      const share = G[o]! / divisor;
      for (let ih = h0; ih < h1; ih++) for (let iw = w0; iw < w1; iw++) GX[base + ih * W + iw]! += share;
    });
    return [gx];
  },
};

export const poolPrimitives = { maxPool2d: maxPool2dPrimitive, avgPool2d: avgPool2dPrimitive };

/** Records a max-pool (geometry already checked by F.maxPool2d). */
export function maxPool2dRaw(x: Tensor, w: Window2d): Tensor {
  return apply('maxPool2d', maxPool2dPrimitive, [x], { ...w });
}

/** Records an average pool (geometry already checked by F.avgPool2d). */
export function avgPool2dRaw(x: Tensor, a: AvgPoolAttrs): Tensor {
  return apply('avgPool2d', avgPool2dPrimitive, [x], a);
}
