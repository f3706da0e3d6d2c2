/**
 * float64 references for the WASM activation kernels (their ulp bounds are stated beside each
 * kernel, src/backend/wasm/activations.ts): f(x) and f′(x) written to be accurate in
 * double (stable forms, series where a difference cancels), with PyTorch's kink conventions.
 * Each reference takes the kernel's parameters by name, as the kernels do (defaults filled in).
 */
import type { ElementwiseSpec } from '../../../src/activations/define.js';
import { getActivation } from '../../../src/activations/registry.js';
import type { KernelParams } from '../../../src/backend/backend.js';
import { wasmActivationUlps, type WasmActivationId } from '../../../src/backend/wasm/index.js';
import { erf64, erfc64 } from './helpers.js';

export interface ActivationRef {
  f: (x: number) => number;
  df: (x: number) => number;
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

/** A numeric parameter by name; a missing one is a test bug, not a default. */
function num(p: KernelParams, name: string): number {
  const v = p[name];
  if (typeof v !== 'number') throw new TypeError(`activation-refs: parameter ${name} missing from ${JSON.stringify(p)}`);
  return v;
}

/**
 * References finer than the spec's own f/df, per kernel id, from its resolved parameters: forms
 * that stay accurate where the spec's float64 formula cancels, floors next to roots, domains.
 * A kernel without one here is held against its spec's f and df.
 */
export const ACTIVATION_REFS: { readonly [K in WasmActivationId]?: (p: KernelParams) => ActivationRef } = {
  relu: () => ({ f: (x) => (x > 0 ? x : 0), df: (x) => (x > 0 ? 1 : 0) }),
  relu6: () => ({ f: (x) => Math.min(Math.max(x, 0), 6), df: (x) => (x > 0 && x < 6 ? 1 : 0) }),
  hardtanh: (p) => ({ f: (x) => Math.min(Math.max(x, num(p, 'minVal')), num(p, 'maxVal')), df: (x) => (x > num(p, 'minVal') && x < num(p, 'maxVal') ? 1 : 0) }),
  // leaky_relu, rrelu, prelu multiply by the float32 slope, as PyTorch: results within 1 ulp.
  leaky_relu: (p) => ({ f: (x) => (x > 0 ? x : num(p, 'negativeSlope') * x), df: (x) => (x > 0 ? 1 : num(p, 'negativeSlope')) }),
  rrelu: (p) => ({ f: (x) => (x > 0 ? x : ((num(p, 'lower') + num(p, 'upper')) / 2) * x), df: (x) => (x > 0 ? 1 : (num(p, 'lower') + num(p, 'upper')) / 2) }),
  prelu: (p) => ({ f: (x) => (x > 0 ? x : num(p, 'weight') * x), df: (x) => (x > 0 ? 1 : num(p, 'weight')) }),
  threshold: (p) => ({ f: (x) => (x <= num(p, 'threshold') ? num(p, 'value') : x), df: (x) => (x <= num(p, 'threshold') ? 0 : 1) }),
  hardshrink: (p) => ({ f: (x) => (Math.abs(x) <= num(p, 'lambd') ? 0 : x), df: (x) => (Math.abs(x) <= num(p, 'lambd') ? 0 : 1) }),
  softshrink: (p) => ({
    // NaN propagates, as the spec says (PyTorch maps it to 0; docs/activations.md).
    f: (x) => (x > num(p, 'lambd') ? x - num(p, 'lambd') : x < -num(p, 'lambd') ? x + num(p, 'lambd') : Number.isNaN(x) ? NaN : 0), df: (x) => (Math.abs(x) <= num(p, 'lambd') ? 0 : 1),
  }),
  hardsigmoid: () => ({ f: (x) => Math.min(Math.max(x + 3, 0), 6) / 6, df: (x) => (x > -3 && x < 3 ? 1 / 6 : 0) }),
  hardswish: () => ({
    f: (x) => (x * Math.min(Math.max(x + 3, 0), 6)) / 6,
    df: (x) => (x < -3 ? 0 : x < 3 ? x / 3 + 0.5 : 1), floorDf: () => 1,
  }),
  identity: () => ({ f: (x) => x, df: () => 1 }),
  squared_relu: () => ({ f: (x) => (x > 0 ? x * x : 0), df: (x) => (x > 0 ? 2 * x : 0) }),
  softsign: () => ({ f: (x) => x / (1 + Math.abs(x)), df: (x) => 1 / (1 + Math.abs(x)) ** 2 }),
  squareplus: (p) => ({ f: (x) => squareplus(x, num(p, 'b')), df: (x) => squareplusD(x, num(p, 'b')) }),
  sigmoid: () => ({ f: sigmoid, df: (x) => sigmoid(x) * sigmoid(-x) }),
  tanh: () => ({ f: Math.tanh, df: sech2 }),
  elu: (p) => ({ ...elu(num(p, 'alpha'), 1, 1) }),
  selu: () => ({ ...elu(SELU_ALPHA, SELU_SCALE, 1) }),
  celu: (p) => ({ ...elu(num(p, 'alpha'), 1, 1 / num(p, 'alpha')) }),
  gelu: (p) =>
    p['approximate'] === 'tanh'
      ? { f: (x) => x * sigmoid(geluTanhV(x)), ...sum2(geluTanhTerms) }
      : { f: (x) => x * Phi(x), ...sum2((x) => [Phi(x), x * phi(x)]) },
  silu: (p) => ({ f: (x) => x * sigmoid(num(p, 'beta') * x), ...sum2((x) => swishTerms(x, num(p, 'beta'))) }),
  mish: () => ({ f: (x) => x * tanhSoftplus(x), ...sum2(mishTerms) }),
  // The threshold test uses the float32 product β·x, as PyTorch.
  softplus: (p) => ({
    f: (x) => (f32(f32(num(p, 'beta')) * x) > num(p, 'threshold') ? x : softplus(num(p, 'beta') * x) / num(p, 'beta')),
    df: (x) => (f32(f32(num(p, 'beta')) * x) > num(p, 'threshold') ? 1 : sigmoid(num(p, 'beta') * x)),
  }),
  logsigmoid: () => ({ f: (x) => Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x))), df: (x) => sigmoid(-x) }),
  tanhshrink: () => ({ f: tanhshrink, df: (x) => Math.tanh(x) ** 2 }),
  snake: (p) => ({
    f: (x) => x + Math.sin(num(p, 'alpha') * x) ** 2 / num(p, 'alpha'),
    df: (x) => 1 + Math.sin(2 * num(p, 'alpha') * x),
    floorF: (x) => Math.abs(x) + Math.sin(num(p, 'alpha') * x) ** 2 / num(p, 'alpha'),
    floorDf: () => 1,
    // Beyond |α·x| = 2^28 the kernel reduces float32(α·x) (documented); exact for α = 2^k only.
    domain: (x) => Number.isInteger(Math.log2(num(p, 'alpha'))) || Math.abs(num(p, 'alpha') * x) < 2 ** 28,
  }),
  sine: (p) => ({
    f: (x) => Math.sin(num(p, 'w0') * x), df: (x) => num(p, 'w0') * Math.cos(num(p, 'w0') * x),
    domain: (x) => Number.isInteger(Math.log2(Math.abs(num(p, 'w0')))) || Math.abs(num(p, 'w0') * x) < 2 ** 28,
  }),
  tanhexp: () => ({ f: (x) => x * Math.tanh(Math.exp(x)), ...sum2(tanhexpTerms) }),
  serf: () => ({ f: (x) => x * erf64(softplus(x)), ...sum2(serfTerms) }),
};

/** Parameter sets exercised per id besides the defaults (by name; the others keep their defaults). */
export const EXTRA_PARAMS: Partial<Record<WasmActivationId, KernelParams[]>> = {
  hardtanh: [{ minVal: -2, maxVal: 3 }], leaky_relu: [{ negativeSlope: 0.2 }], threshold: [{ threshold: 1, value: -2 }],
  softshrink: [{ lambd: 1 }], hardshrink: [{ lambd: 2 }], elu: [{ alpha: 0.5 }], celu: [{ alpha: 2 }, { alpha: 0.3 }],
  gelu: [{ approximate: 'tanh' }], silu: [{ beta: 1.7 }], softplus: [{ beta: 2, threshold: 10 }, { beta: 0.3, threshold: 5 }],
  squareplus: [{ b: 0.25 }], snake: [{ alpha: 0.5 }, { alpha: 3 }], sine: [{ w0: 30 }], rrelu: [{ lower: 0.1, upper: 0.3 }],
  prelu: [{ weight: -0.5 }],
};

/** The reference a kernel is held against, with its stated bound: a finer one above, else its spec's f and df. */
export function referenceFor(id: WasmActivationId, p: KernelParams): ActivationRef & { bound: number } {
  const spec = getActivation(id) as ElementwiseSpec;
  const ref = ACTIVATION_REFS[id]?.(p) ?? { f: (x: number) => spec.f(x, p), df: (x: number) => spec.df(x, p) };
  return { ...ref, bound: wasmActivationUlps(id) };
}
