/**
 * Second derivatives f″ of elementwise activations, for the Laplacian of a fitted field
 * (field-derivatives.ts). The activation spec carries f and f′ only, so the closed forms live
 * here, keyed by registry id; a test checks each against central differences of the spec's f′.
 * Activations missing from the table fall back to a float64 central difference of f′ (relative
 * error ~1e-8 where f′ is smooth; wrong within h of a kink), flagged `exact: false`.
 */
import type { ElementwiseSpec } from '../activations/define.js';
import { normalPdf, sech2, sigmoid } from '../activations/scalar.js';

type Params = Readonly<Record<string, number | string>>;
type SecondDerivative = (x: number, p: Params) => number;

const num = (p: Params, key: string): number => p[key] as number;
const zero: SecondDerivative = () => 0;
/** tanh″ = −2·tanh·sech². */
const tanh2 = (x: number): number => -2 * Math.tanh(x) * sech2(x);
const K_BETA = Math.sqrt(2 / Math.PI);
const K_KAPPA = 0.044715;

/** ½x(1 + tanh u), u = √(2/π)(x + κx³): f″ = sech²u·(u′ + ½x·u″) − x·tanh u·sech²u·u′². */
function geluTanh2(x: number): number {
  const u = K_BETA * (x + K_KAPPA * x * x * x);
  const du = K_BETA * (1 + 3 * K_KAPPA * x * x);
  const ddu = K_BETA * 6 * K_KAPPA * x;
  const s2 = sech2(u);
  return s2 * (du + 0.5 * x * ddu) - x * Math.tanh(u) * s2 * du * du;
}

/**
 * f″ by id. Piecewise-linear activations have f″ = 0 away from their kinks (where it does not
 * exist); that is what a Laplacian of a ReLU network sees almost everywhere.
 */
const TABLE: Readonly<Record<string, SecondDerivative>> = {
  identity: zero,
  relu: zero,
  leaky_relu: zero,
  rrelu: zero,
  relu6: zero,
  hardtanh: zero,
  threshold: zero,
  heaviside: zero,
  hardshrink: zero,
  softshrink: zero,
  square: () => 2,
  squared_relu: (x) => (x > 0 ? 2 : 0),
  sine: (x, p) => -num(p, 'w0') * num(p, 'w0') * Math.sin(num(p, 'w0') * x),
  tanh: tanh2,
  tanhshrink: (x) => -tanh2(x),
  sigmoid: (x) => {
    const s = sigmoid(x);
    return s * (1 - s) * (1 - 2 * s);
  },
  // x·Φ(x): f′ = Φ + xφ, f″ = 2φ + xφ′ = φ·(2 − x²)
  gelu: (x, p) => (p.approximate === 'tanh' ? geluTanh2(x) : normalPdf(x) * (2 - x * x)),
  // x·σ(βx): f″ = βσ(1 − σ)·(2 + βx(1 − 2σ)), σ = σ(βx)
  silu: (x, p) => {
    const b = num(p, 'beta');
    const s = sigmoid(b * x);
    return b * s * (1 - s) * (2 + b * x * (1 - 2 * s));
  },
  softplus: (x, p) => {
    const b = num(p, 'beta');
    if (x * b > num(p, 'threshold')) return 0;
    const s = sigmoid(b * x);
    return b * s * (1 - s);
  },
  elu: (x, p) => (x <= 0 ? num(p, 'alpha') * Math.exp(x) : 0),
  celu: (x, p) => (x <= 0 ? Math.exp(x / num(p, 'alpha')) / num(p, 'alpha') : 0),
};

export interface ResolvedSecondDerivative {
  d2f: (x: number) => number;
  /** False when f″ is a central difference of f′ (no closed form in the table). */
  exact: boolean;
}

/** f″ of an elementwise activation with its parameter values. */
export function secondDerivative(spec: ElementwiseSpec, params: Params): ResolvedSecondDerivative {
  const closed = Object.hasOwn(TABLE, spec.id) ? TABLE[spec.id] : undefined;
  if (closed) return { d2f: (x) => closed(x, params), exact: true };
  const df = (x: number): number => spec.df(x, params as never);
  return {
    d2f: (x) => {
      const h = 1e-5 * Math.max(1, Math.abs(x));
      return (df(x + h) - df(x - h)) / (2 * h);
    },
    exact: false,
  };
}

/** The ids with a closed-form f″ here. */
export const exactSecondDerivativeIds: readonly string[] = Object.keys(TABLE);
