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
import { apply, empty } from './apply.js';
import type { Primitive } from './apply.js';
import type { Window2d } from './conv.js';

export interface AvgPoolAttrs extends Window2d {
  countIncludePad: boolean;
  divisorOverride: number | null;
}

/** Flat input index of each window's winner (−1 for an all-padding window). */
function maxIndices(x: Tensor, w: Window2d): Int32Array {
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const [kh, kw] = w.kernel;
  const [sh, sw] = w.stride;
  const [ph, pw] = w.padding;
  const [dh, dw] = w.dilation;
  const [OH, OW] = w.out;
  const X = x.data as FloatArray;
  const idx = new Int32Array(N * C * OH * OW);
  let o = 0;
  for (let plane = 0; plane < N * C; plane++) {
    const base = plane * H * W;
    for (let oh = 0; oh < OH; oh++) {
      const h0 = oh * sh - ph;
      for (let ow = 0; ow < OW; ow++) {
        const w0 = ow * sw - pw;
        let best = -Infinity;
        let arg = -1;
        for (let i = 0; i < kh; i++) {
          const ih = h0 + i * dh;
          if (ih < 0 || ih >= H) continue;
          for (let j = 0; j < kw; j++) {
            const iw = w0 + j * dw;
            if (iw < 0 || iw >= W) continue;
            const at = base + ih * W + iw;
            const v = X[at]!;
            if (arg < 0 || v > best || Number.isNaN(v)) {
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

const maxPool2dPrimitive: Primitive<Window2d> = {
  forward: ([x], w) => {
    const [N, C] = x!.shape as [number, number];
    const out = empty([N, C, w.out[0], w.out[1]], x!.dtype);
    const idx = maxIndices(x!, w);
    const X = x!.data;
    const Y = out.data;
    for (let i = 0; i < idx.length; i++) Y[i] = idx[i]! >= 0 ? X[idx[i]!]! : -Infinity;
    return out;
  },
  // Recomputing the winners costs one pass over the input, far less than keeping them alive.
  vjp: (g, [x], _out, w) => {
    const gx = empty(x!.shape, x!.dtype);
    const idx = maxIndices(x!, w);
    const G = g.data;
    const GX = gx.data;
    for (let i = 0; i < idx.length; i++) if (idx[i]! >= 0) GX[idx[i]!]! += G[i]!;
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
  return apply('maxPool2d', maxPool2dPrimitive, [x], w);
}

/** Records an average pool (geometry already checked by F.avgPool2d). */
export function avgPool2dRaw(x: Tensor, a: AvgPoolAttrs): Tensor {
  return apply('avgPool2d', avgPool2dPrimitive, [x], a);
}
