/**
 * Kernels derived from a spec's scalar reference: the array loops of every activation that does
 * not override them (defineActivation fills them in), and of user-defined ones that bring only
 * `f`/`df` (or `fRow`/`vjpRow`). Correct by construction — one call of f or df per element; a
 * spec overrides them only where bench/js-kernels.ts shows a hand loop is much faster. The WASM
 * backend brings its own fused float32 kernels (src/backend/wasm/activations.ts).
 */
import type { ActivationKernel } from '../backend/backend.js';
import type { ChannelKernel } from '../ops/channel-activation.js';
import type { DimKernel } from '../ops/dim-activation.js';
import type { FloatArray } from '../tensor/dtype.js';
import type { ParamSpecs, ParamValues } from './params.js';

type Scalar<P extends ParamSpecs> = (x: number, p: ParamValues<P>) => number;

/**
 * gy·d for d = g(x), except where g is 0 on a whole side of x — a flat region such as relu6 below
 * 0 or threshold at its cut-off — where PyTorch's masked backward kernels (threshold_backward,
 * hardtanh_backward, the shrinks…) give 0 whatever gy is, NaN and ±∞ included. An isolated zero
 * (square′(0) = 0) still gives gy·0, NaN for a NaN gy, as PyTorch's gy·2x does. (Far in the tail of
 * a smooth activation, where g underflows to 0 on both sides, this gives 0 where PyTorch's gy·g
 * would give NaN for a non-finite gy.)
 */
function times<P extends ParamSpecs>(gy: number, d: number, g: Scalar<P>, x: number, p: ParamValues<P>): number {
  if (d !== 0) return gy * d;
  const h = Math.max(Math.abs(x) * 2 ** -40, 2 ** -1000);
  return g(x - h, p) === 0 || g(x + h, p) === 0 ? 0 : gy * d;
}

/** out = f(x), gx = gy·f′(x), element by element. */
export function scalarKernel<P extends ParamSpecs>(f: Scalar<P>, df: Scalar<P>): ActivationKernel<ParamValues<P>> {
  return {
    forward(x, out, p) {
      for (let i = 0; i < x.length; i++) out[i] = f(x[i]!, p);
    },
    backward(x, _y, gy, gx, p) {
      for (let i = 0; i < x.length; i++) gx[i] = times(gy[i]!, df(x[i]!, p), df, x[i]!, p);
    },
  };
}

/**
 * Per-channel kernels for the learnable parameter `name` (x seen as [outer, channels, inner],
 * element i using w[c]): f, f′ and dparam = ∂f/∂name with that parameter set to w[c].
 */
export function scalarChannelKernel<P extends ParamSpecs>(
  scalar: { f: Scalar<P>; df: Scalar<P>; dparam: Scalar<P> },
  name: string,
): ChannelKernel<ParamValues<P>> {
  /** Calls body(start, end, c, p) for each block of `inner` elements, p holding w[c]. */
  const blocks = (
    n: number,
    w: FloatArray,
    channels: number,
    inner: number,
    params: ParamValues<P>,
    body: (start: number, end: number, c: number, p: ParamValues<P>) => void,
  ): void => {
    const perChannel = Array.from({ length: channels }, (_, c) => ({ ...params, [name]: w[c]! }));
    for (let start = 0, blk = 0; start < n; start += inner, blk++) {
      const c = blk % channels;
      body(start, start + inner, c, perChannel[c]!);
    }
  };
  return {
    forward(x, w, out, channels, inner, params) {
      blocks(x.length, w, channels, inner, params, (start, end, _c, p) => {
        for (let i = start; i < end; i++) out[i] = scalar.f(x[i]!, p);
      });
    },
    backward(x, w, gy, gx, gw, channels, inner, params) {
      blocks(x.length, w, channels, inner, params, (start, end, c, p) => {
        let s = 0;
        for (let i = start; i < end; i++) {
          // Flat regions mask gy, as in scalarKernel (torch's PReLU: x > 0 ? (gy, 0) : (w·gy, x·gy)).
          gx[i] = times(gy[i]!, scalar.df(x[i]!, p), scalar.df, x[i]!, p);
          s += times(gy[i]!, scalar.dparam(x[i]!, p), scalar.dparam, x[i]!, p);
        }
        gw[c]! += s;
      });
    },
  };
}

/** Dim-wise kernels from the row references: each slice along dim gathered, mapped, scattered back. */
export function rowKernel<P extends ParamSpecs>(
  fRow: (x: readonly number[], p: ParamValues<P>) => number[],
  vjpRow: (x: readonly number[], gy: readonly number[], p: ParamValues<P>) => number[],
  outSize?: (size: number, p: ParamValues<P>) => number,
): DimKernel<ParamValues<P>> {
  const slice = (a: FloatArray, base: number, n: number, inner: number): number[] =>
    Array.from({ length: n }, (_, s) => a[base + s * inner]!);
  return {
    forward(x, out, outer, size, inner, p) {
      const m = outSize ? outSize(size, p) : size;
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < inner; i++) {
          fRow(slice(x, o * size * inner + i, size, inner), p).forEach((v, s) => (out[(o * m + s) * inner + i] = v));
        }
      }
    },
    backward(x, _y, gy, gx, outer, size, inner, p) {
      const m = outSize ? outSize(size, p) : size;
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < inner; i++) {
          const g = slice(gy, o * m * inner + i, m, inner);
          vjpRow(slice(x, o * size * inner + i, size, inner), g, p).forEach(
            (v, s) => (gx[(o * size + s) * inner + i] = v),
          );
        }
      }
    },
  };
}
