/**
 * Kernels derived from a spec's scalar reference, for user-defined activations that bring only
 * `f`/`df` (or `fRow`/`vjpRow`), and for built-ins whose loop would only call `f`/`df` anyway:
 * correct, one call per element (the WASM backend brings its own fused kernels for those).
 */
import type { ActivationKernel } from '../backend/backend.js';
import type { ChannelKernel } from '../ops/channel-activation.js';
import type { DimKernel } from '../ops/dim-activation.js';
import type { FloatArray } from '../tensor/dtype.js';
import type { ParamSpecs, ParamValues } from './params.js';
import { paramValuesOf } from './params.js';

export function scalarKernel<P extends ParamSpecs>(
  f: (x: number, p: ParamValues<P>) => number,
  df: (x: number, p: ParamValues<P>) => number,
  params: P,
): ActivationKernel {
  return {
    forward(x, out, numbers) {
      const p = paramValuesOf(params, numbers);
      for (let i = 0; i < x.length; i++) out[i] = f(x[i]!, p);
    },
    backward(x, _y, gy, gx, numbers) {
      const p = paramValuesOf(params, numbers);
      for (let i = 0; i < x.length; i++) gx[i] = gy[i]! * df(x[i]!, p);
    },
  };
}

/** Per-channel kernels for a learnable parameter `name`, from f, df and dparam = ∂f/∂name. */
export function scalarChannelKernel<P extends ParamSpecs>(
  scalar: {
    f(x: number, p: ParamValues<P>): number;
    df(x: number, p: ParamValues<P>): number;
    dparam(x: number, p: ParamValues<P>): number;
  },
  params: P,
  name: string,
): ChannelKernel {
  const at = (numbers: readonly number[], w: number) =>
    ({ ...paramValuesOf(params, numbers), [name]: w }) as ParamValues<P>;
  return {
    forward(x, w, out, channels, inner, numbers) {
      for (let i = 0; i < x.length; i++) out[i] = scalar.f(x[i]!, at(numbers, w[Math.floor(i / inner) % channels]!));
    },
    backward(x, w, gy, gx, gw, channels, inner, numbers) {
      for (let i = 0; i < x.length; i++) {
        const c = Math.floor(i / inner) % channels;
        const p = at(numbers, w[c]!);
        gx[i] = gy[i]! * scalar.df(x[i]!, p);
        gw[c]! += gy[i]! * scalar.dparam(x[i]!, p);
      }
    },
  };
}

export function rowKernel<P extends ParamSpecs>(
  fRow: (x: readonly number[], p: ParamValues<P>) => number[],
  vjpRow: (x: readonly number[], gy: readonly number[], p: ParamValues<P>) => number[],
  params: P,
  outSize?: (size: number, p: ParamValues<P>) => number,
): DimKernel {
  const slice = (a: FloatArray, base: number, n: number, inner: number): number[] =>
    Array.from({ length: n }, (_, s) => a[base + s * inner]!);
  return {
    forward(x, out, outer, size, inner, numbers) {
      const p = paramValuesOf(params, numbers);
      const m = outSize ? outSize(size, p) : size;
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < inner; i++) {
          fRow(slice(x, o * size * inner + i, size, inner), p).forEach((v, s) => (out[(o * m + s) * inner + i] = v));
        }
      }
    },
    backward(x, _y, gy, gx, outer, size, inner, numbers) {
      const p = paramValuesOf(params, numbers);
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
