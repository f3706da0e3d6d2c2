/**
 * The geometry of the threat models on flat per-sample arrays (`n` samples of `d` values):
 * torchattacks' PGD update rules, the random starts, and per-sample norms. Operation order
 * follows torchattacks exactly (`x + clamp(adv − x, −ε, ε)` rather than `clamp(adv, x − ε, x + ε)`),
 * so float64 runs agree with PyTorch to rounding.
 */
import type { FloatArray } from '../tensor/dtype.js';
import type { Generator } from '../tensor/random.js';
import type { Norm } from './options.js';

const clamp = (v: number, lo: number, hi: number): number => (v < lo ? lo : v > hi ? hi : v);

/** Euclidean norm of sample `i` (values `i·d … i·d + d − 1`). */
export function rowNorm(v: ArrayLike<number>, i: number, d: number): number {
  let s = 0;
  for (let j = i * d; j < (i + 1) * d; j++) s += v[j]! * v[j]!;
  return Math.sqrt(s);
}

/**
 * One PGD step in place on `adv` (torchattacks' rules):
 * L∞: adv ← clip(x + clamp(adv + α·sign(g) − x, −ε, ε));
 * L2: adv ← adv + α·g/(‖g‖₂ + 1e-10), δ = adv − x scaled by min(ε/‖δ‖₂, 1), adv ← clip(x + δ).
 */
export function pgdStep(
  norm: Norm,
  adv: FloatArray,
  x: FloatArray,
  g: ArrayLike<number>,
  alpha: number,
  eps: number,
  clip: readonly [number, number],
  d: number,
): void {
  const [lo, hi] = clip;
  // torch rounds every intermediate tensor to its dtype; so do we for float32 points.
  const r = adv instanceof Float32Array ? Math.fround : (v: number): number => v;
  if (norm === 'linf') {
    for (let j = 0; j < adv.length; j++) {
      const stepped = r(adv[j]! + alpha * Math.sign(g[j]!));
      adv[j] = clamp(x[j]! + r(clamp(stepped - x[j]!, -eps, eps)), lo, hi);
    }
    return;
  }
  const n = adv.length / d;
  const delta = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const gn = rowNorm(g, i, d) + 1e-10;
    const at = i * d;
    for (let j = 0; j < d; j++) {
      // Store through adv so a float32 point is rounded where torch rounds it.
      adv[at + j] = adv[at + j]! + alpha * (g[at + j]! / gn);
      delta[j] = r(adv[at + j]! - x[at + j]!);
    }
    const dn = rowNorm(delta, 0, d);
    // min(ε/‖δ‖, 1), written so ‖δ‖ = 0 gives 1 (torchattacks' 0/0 would give NaN at ε = 0).
    const factor = dn > eps ? eps / dn : 1;
    for (let j = 0; j < d; j++) adv[at + j] = clamp(x[at + j]! + r(delta[j]! * factor), lo, hi);
  }
}

/**
 * torchattacks' random start: L∞ adds U(−ε, ε) per value; L2 draws a Gaussian direction per
 * sample and a radius r·ε with r ~ U(0, 1). Then clamps to the clip range.
 */
export function randomStart(
  norm: Norm,
  x: FloatArray,
  eps: number,
  clip: readonly [number, number],
  d: number,
  generator: Generator,
): FloatArray {
  const [lo, hi] = clip;
  const adv = x.slice();
  if (norm === 'linf') {
    for (let j = 0; j < adv.length; j++) adv[j] = clamp(x[j]! + generator.uniform(-eps, eps), lo, hi);
    return adv;
  }
  const n = x.length / d;
  const delta = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) delta[j] = generator.normal();
    const dn = rowNorm(delta, 0, d);
    const scale = dn > 0 ? (generator.random() / dn) * eps : 0;
    for (let j = 0; j < d; j++) adv[i * d + j] = clamp(x[i * d + j]! + delta[j]! * scale, lo, hi);
  }
  return adv;
}

/** Copies sample rows `rows` of `src` (d values each) into a new array of the same kind. */
export function gatherRows(src: FloatArray, rows: ArrayLike<number>, d: number): FloatArray {
  const out = src instanceof Float64Array ? new Float64Array(rows.length * d) : new Float32Array(rows.length * d);
  for (let k = 0; k < rows.length; k++) out.set(src.subarray(rows[k]! * d, rows[k]! * d + d), k * d);
  return out;
}

/** Writes row `k` of `src` into row `i` of `dst`. */
export function copyRow(dst: FloatArray, i: number, src: ArrayLike<number>, k: number, d: number): void {
  for (let j = 0; j < d; j++) dst[i * d + j] = src[k * d + j]!;
}
