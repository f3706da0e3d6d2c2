/**
 * Scalar float64 building blocks shared by several specs, each in a form that does not cancel
 * or overflow: the readable truth that `f`/`df` and the reference kernels call directly.
 */
import { erf, erfc, log1pExp } from '../backend/js/math.js';

export { erf, erfc };

const INV_SQRT_2PI = 0.3989422804014327; // 1/√(2π)

/**
 * Logistic σ(x) = 1/(1 + e^{−x}), torch's formula: accurate to ~2 ulps everywhere (e^{−x} → ∞
 * gives 0, below x ≈ −709 where σ is subnormal anyway), and without the branch of the two-sided form.
 */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** σ′(x) = σ(x)·σ(−x), as e/(1+e)² with e = e^{−|x|}: no 1 − σ cancellation as σ → 1. */
export function sigmoidGrad(x: number): number {
  const e = Math.exp(-Math.abs(x));
  const d = 1 + e;
  return e / (d * d);
}

/** softplus(x) = log(1 + eˣ), as x + log1p(e^{−x}) for x > 0 so eˣ never overflows. */
export const softplus = log1pExp;

/** sech²(x) = 1 − tanh²(x), as 4e/(1+e)² with e = e^{−2|x|}: exact where tanh(x) rounds to ±1. */
export function sech2(x: number): number {
  const e = Math.exp(-2 * Math.abs(x));
  const d = 1 + e;
  return (4 * e) / (d * d);
}

/** Standard normal CDF Φ(x) = ½·erfc(−x/√2): accurate in the left tail, where ½(1 + erf) cancels. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x * Math.SQRT1_2);
}

/** Standard normal density φ(x). */
export function normalPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}
