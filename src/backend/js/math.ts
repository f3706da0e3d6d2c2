/**
 * Scalar float64 math that `Math` lacks, accurate to a few ulps: the reference that kernels,
 * activation specs and tests are measured against.
 */

const TWO_OVER_SQRT_PI = 1.1283791670955126; // 2/√π
const ONE_OVER_SQRT_PI = 0.5641895835477563; // 1/√π

/**
 * erf(x). For |x| < 2.5 a series whose terms are all positive (no cancellation):
 *   erf(x) = 2/√π · e^{-x²} · Σ 2ⁿ x^{2n+1} / (1·3·…·(2n+1)).
 * Beyond, 1 − erfc(x) with erfc from its continued fraction, where erfc < 4e-4 so the
 * subtraction loses nothing.
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 2.5) {
    if (ax < 1e-8) return TWO_OVER_SQRT_PI * x; // the series' first term; avoids underflow of x²
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (2 * x2) / (2 * n + 1);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-17) break;
    }
    return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
  }
  const c = erfcLarge(ax);
  return x > 0 ? 1 - c : c - 1;
}

/** erfc(x) = 1 − erf(x), without cancellation for large positive x. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 2.5) return 1 - erf(x); // erf(x) ≤ 0.9996 here (or negative): no catastrophic loss
  return erfcLarge(x);
}

/** erfc for x ≥ 2.5 by the continued fraction e^{-x²}/√π · 1/(x + ½/(x + 1/(x + 3/2/(x + …)))) (modified Lentz). */
function erfcLarge(x: number): number {
  if (x === Infinity) return 0;
  if (x > 27.3) return 0; // erfc(27.3) < 5e-326: underflows to 0 in float64
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (ONE_OVER_SQRT_PI * Math.exp(-x * x)) / f;
}

/** Logistic sigmoid, stable for large |x| (never exp of a large positive number). */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** log(1 + eˣ) without overflow: x + log1p(e^{-x}) for x > 0. */
export function log1pExp(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}
