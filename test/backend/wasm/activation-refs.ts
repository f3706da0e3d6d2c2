/**
 * float64 references for the WASM activation kernels: f(x) and f′(x) written to be accurate in
 * double (stable forms, series where a difference cancels), with PyTorch's kink conventions.
 * Each reference takes the kernel's parameters (spec order, defaults filled in).
 */
import type { WasmActivationId } from '../../../src/backend/wasm/index.js';
import { erf64, erfc64 } from './helpers.js';

export interface ActivationRef {
  f: (x: number) => number;
  df: (x: number) => number;
  /** Max ulp error allowed for y and for gx. */
  bound: number;
  /**
   * For a function computed as a sum that cancels near a root: the magnitude of its largest term
   * at x. Errors there are measured in ulps of that magnitude (no float32 formula keeps a
   * relative bound next to a root); elsewhere the floor is below |f| and changes nothing.
   */
  floorF?: (x: number) => number;
  floorDf?: (x: number) => number;
  /** Inputs the reference applies to (default: all finite). */
  domain?: (x: number) => boolean;
}

const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const softplus = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const Phi = (x: number): number => 0.5 * erfc64(-x / Math.SQRT2);
const phi = (x: number): number => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
const K = Math.sqrt(2 / Math.PI);
const KAPPA = 0.044715;
const SELU_ALPHA = 1.6732632423543772; // 1.6732632423543772848170429916717
const SELU_SCALE = 1.0507009873554805; // 1.0507009873554804934193349852946
const f32 = Math.fround;

function tanhshrink(x: number): number {
  if (Math.abs(x) > 1e-2) return x - Math.tanh(x);
  const s = x * x;
  return x * s * (1 / 3 - s * (2 / 15 - s * (17 / 315 - (s * 62) / 2835)));
}
/** tanh(softplus(x)) without overflow or cancellation (see act-smooth.as). */
function tanhSoftplus(x: number): number {
  const q = Math.exp(-Math.abs(x));
  return x >= 0 ? (1 + 2 * q) / (1 + 2 * q + 2 * q * q) : (q * (q + 2)) / (q * (q + 2) + 2);
}
function sech2(u: number): number {
  const q = Math.exp(-2 * Math.abs(u));
  return (4 * q) / ((1 + q) * (1 + q));
}
function squareplus(x: number, b: number): number {
  const r = Math.abs(x) > 1e150 ? Math.abs(x) : Math.sqrt(x * x + b);
  return x < 0 ? b / (2 * (r - x)) : (x + r) / 2;
}
function squareplusD(x: number, b: number): number {
  const r = Math.abs(x) > 1e150 ? Math.abs(x) : Math.sqrt(x * x + b);
  return x < 0 ? b / (2 * r * (r - x)) : 1 - b / (2 * r * (r + x));
}
/** ATen's elu(x; α, scale, input_scale). */
function elu(a: number, scale: number, inScale: number): Pick<ActivationRef, 'f' | 'df'> {
  return {
    f: (x) => (x <= 0 ? a * scale * Math.expm1(x * inScale) : x * scale),
    df: (x) => (x <= 0 ? a * scale * inScale * Math.exp(x * inScale) : scale),
  };
}
const geluTanhV = (x: number): number => 2 * K * (x + KAPPA * x * x * x);
const geluTanhTerms = (x: number): [number, number] => {
  const v = geluTanhV(x);
  return [sigmoid(v), x * sigmoid(v) * sigmoid(-v) * 2 * K * (1 + 3 * KAPPA * x * x)];
};
const swishTerms = (x: number, b: number): [number, number] => [sigmoid(b * x), sigmoid(b * x) * b * x * sigmoid(-b * x)];
const mishTerms = (x: number): [number, number] => {
  const t = tanhSoftplus(x);
  return [t, x * sigmoid(x) * (1 - t) * (1 + t)];
};
const tanhexpTerms = (x: number): [number, number] =>
  x > 20 ? [1, 0] : [Math.tanh(Math.exp(x)), x * Math.exp(x) * sech2(Math.exp(x))];
const serfTerms = (x: number): [number, number] => {
  const sp = softplus(x);
  return [erf64(sp), ((x * 2) / Math.sqrt(Math.PI)) * Math.exp(-sp * sp) * sigmoid(x)];
};
/** f′ = a + b that cancels next to a root: reference and floor from the two terms. */
const sum2 = (terms: (x: number) => [number, number]): Pick<ActivationRef, 'df' | 'floorDf'> => ({
  df: (x) => terms(x)[0] + terms(x)[1],
  floorDf: (x) => Math.abs(terms(x)[0]) + Math.abs(terms(x)[1]),
});

/** Reference per kernel id, from its resolved parameters. */
export const ACTIVATION_REFS: { readonly [K in WasmActivationId]: (p: readonly number[]) => ActivationRef } = {
  relu: () => ({ f: (x) => (x > 0 ? x : 0), df: (x) => (x > 0 ? 1 : 0), bound: 0 }),
  relu6: () => ({ f: (x) => Math.min(Math.max(x, 0), 6), df: (x) => (x > 0 && x < 6 ? 1 : 0), bound: 0 }),
  hardtanh: ([lo, hi]) => ({ f: (x) => Math.min(Math.max(x, lo!), hi!), df: (x) => (x > lo! && x < hi! ? 1 : 0), bound: 0 }),
  // leaky_relu, rrelu, prelu multiply by the float32 slope, as PyTorch: results within 1 ulp.
  leaky_relu: ([s]) => ({ f: (x) => (x > 0 ? x : s! * x), df: (x) => (x > 0 ? 1 : s!), bound: 1 }),
  rrelu: ([lo, hi]) => ({ f: (x) => (x > 0 ? x : ((lo! + hi!) / 2) * x), df: (x) => (x > 0 ? 1 : (lo! + hi!) / 2), bound: 1 }),
  prelu: ([w]) => ({ f: (x) => (x > 0 ? x : w! * x), df: (x) => (x > 0 ? 1 : w!), bound: 1 }),
  threshold: ([th, v]) => ({ f: (x) => (x <= th! ? v! : x), df: (x) => (x <= th! ? 0 : 1), bound: 0 }),
  hardshrink: ([l]) => ({ f: (x) => (Math.abs(x) <= l! ? 0 : x), df: (x) => (Math.abs(x) <= l! ? 0 : 1), bound: 0 }),
  softshrink: ([l]) => ({
    // NaN propagates, as the spec says (PyTorch maps it to 0; docs/activations.md).
    f: (x) => (x > l! ? x - l! : x < -l! ? x + l! : Number.isNaN(x) ? NaN : 0), df: (x) => (Math.abs(x) <= l! ? 0 : 1), bound: 0.5,
  }),
  hardsigmoid: () => ({ f: (x) => Math.min(Math.max(x + 3, 0), 6) / 6, df: (x) => (x > -3 && x < 3 ? 1 / 6 : 0), bound: 1 }),
  hardswish: () => ({
    f: (x) => (x * Math.min(Math.max(x + 3, 0), 6)) / 6,
    df: (x) => (x < -3 ? 0 : x < 3 ? x / 3 + 0.5 : 1), bound: 2, floorDf: () => 1,
  }),
  identity: () => ({ f: (x) => x, df: () => 1, bound: 0 }),
  squared_relu: () => ({ f: (x) => (x > 0 ? x * x : 0), df: (x) => (x > 0 ? 2 * x : 0), bound: 0.5 }),
  softsign: () => ({ f: (x) => x / (1 + Math.abs(x)), df: (x) => 1 / (1 + Math.abs(x)) ** 2, bound: 3 }),
  squareplus: ([b]) => ({ f: (x) => squareplus(x, b!), df: (x) => squareplusD(x, b!), bound: 4 }),
  sigmoid: () => ({ f: sigmoid, df: (x) => sigmoid(x) * sigmoid(-x), bound: 4 }),
  tanh: () => ({ f: Math.tanh, df: sech2, bound: 4 }),
  elu: ([a]) => ({ ...elu(a!, 1, 1), bound: 2.5 }),
  selu: () => ({ ...elu(SELU_ALPHA, SELU_SCALE, 1), bound: 2.5 }),
  celu: ([a]) => ({ ...elu(a!, 1, 1 / a!), bound: 3 }),
  gelu: ([approx]) =>
    approx === 1
      ? { f: (x) => x * sigmoid(geluTanhV(x)), ...sum2(geluTanhTerms), bound: 4.5 }
      : { f: (x) => x * Phi(x), ...sum2((x) => [Phi(x), x * phi(x)]), bound: 4.5 },
  silu: ([b]) => ({ f: (x) => x * sigmoid(b! * x), ...sum2((x) => swishTerms(x, b!)), bound: 3.5 }),
  mish: () => ({ f: (x) => x * tanhSoftplus(x), ...sum2(mishTerms), bound: 5 }),
  // The threshold test uses the float32 product β·x, as PyTorch.
  softplus: ([b, th]) => ({
    f: (x) => (f32(f32(b!) * x) > th! ? x : softplus(b! * x) / b!),
    df: (x) => (f32(f32(b!) * x) > th! ? 1 : sigmoid(b! * x)),
    bound: 3,
  }),
  logsigmoid: () => ({ f: (x) => Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x))), df: (x) => sigmoid(-x), bound: 2.5 }),
  tanhshrink: () => ({ f: tanhshrink, df: (x) => Math.tanh(x) ** 2, bound: 4 }),
  snake: ([a]) => ({
    f: (x) => x + Math.sin(a! * x) ** 2 / a!,
    df: (x) => 1 + Math.sin(2 * a! * x),
    floorF: (x) => Math.abs(x) + Math.sin(a! * x) ** 2 / a!,
    floorDf: () => 1,
    bound: 3,
    // Beyond |α·x| = 2^28 the kernel reduces float32(α·x) (documented); exact for α = 2^k only.
    domain: (x) => Number.isInteger(Math.log2(a!)) || Math.abs(a! * x) < 2 ** 28,
  }),
  sine: ([w0]) => ({
    f: (x) => Math.sin(w0! * x), df: (x) => w0! * Math.cos(w0! * x), bound: 1.5,
    domain: (x) => Number.isInteger(Math.log2(Math.abs(w0!))) || Math.abs(w0! * x) < 2 ** 28,
  }),
  tanhexp: () => ({ f: (x) => x * Math.tanh(Math.exp(x)), ...sum2(tanhexpTerms), bound: 4 }),
  serf: () => ({ f: (x) => x * erf64(softplus(x)), ...sum2(serfTerms), bound: 5 }),
};

/** Parameter sets exercised per id besides the defaults (spec order). */
export const EXTRA_PARAMS: Partial<Record<WasmActivationId, number[][]>> = {
  hardtanh: [[-2, 3]], leaky_relu: [[0.2]], threshold: [[1, -2]], softshrink: [[1]], hardshrink: [[2]], elu: [[0.5]],
  celu: [[2], [0.3]], gelu: [[1]], silu: [[1.7]], softplus: [[2, 10], [0.3, 5]], squareplus: [[0.25]],
  snake: [[0.5], [3]], sine: [[30]], rrelu: [[0.1, 0.3]], prelu: [[-0.5]],
};
