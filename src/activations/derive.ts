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
 * out = f(x), gx = gy·f′(x), element by element. Where f′(x) = 0 the gradient is 0 whatever gy
 * is, as PyTorch's masked backward kernels give for a NaN or ±∞ upstream gradient
 * (threshold_backward, hardtanh_backward, the shrinks, hardsigmoid); only in the far tail of a
 * smooth activation, where f′ underflows to 0, would PyTorch's gy·f′ give NaN there instead.
 */
export function scalarKernel<P extends ParamSpecs>(f: Scalar<P>, df: Scalar<P>): ActivationKernel<ParamValues<P>> {
  return {
    forward(x, out, p) {
      for (let i = 0; i < x.length; i++) out[i] = f(x[i]!, p);
    },
    backward(x, _y, gy, gx, p) {
      for (let i = 0; i < x.length; i++) {
        const d = df(x[i]!, p);
        gx[i] = d === 0 ? 0 : gy[i]! * d;
      }
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
          const d = scalar.df(x[i]!, p);
          const dw = scalar.dparam(x[i]!, p);
          // Zero derivatives mask the upstream gradient, as in scalarKernel (torch's PReLU: x > 0 ? (gy, 0) : …).
          gx[i] = d === 0 ? 0 : gy[i]! * d;
          if (dw !== 0) s += gy[i]! * dw;
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
