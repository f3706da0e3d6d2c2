/**
 * The losses attacks maximise, per sample, from the logits, with their gradient w.r.t. the
 * logits written out by hand: the attacks need each sample's loss (restarts and APGD keep the
 * best point per sample) and then back-propagate the logit gradient through the model once.
 * Computed in float64 whatever the model's dtype.
 *
 * - `ce`: cross-entropy, logsumexp(z) − z_y (torchattacks' default).
 * - `cw`: the Carlini–Wagner margin max_{j≠y} z_j − z_y (κ = ∞), positive once the sample is misclassified.
 * - `dlr`: APGD's Difference of Logits Ratio −(z_y − max_{j≠y} z_j) / (z_π1 − z_π3 + 1e-12), with π the
 *   logits sorted in decreasing order: invariant to shifting and scaling the logits (Croce & Hein 2020).
 */
import { checkChoice } from './options.js';

export const attackLosses = ['ce', 'cw', 'dlr'] as const;
export type AttackLoss = (typeof attackLosses)[number];

/** Per-sample losses and their gradients w.r.t. the logits (each sample's own loss, not a mean). */
export interface LogitLoss {
  loss: Float64Array;
  /** `[N, classes]`, row-major. */
  grad: Float64Array;
  /** argmax of each row (the first maximum, as torch). */
  pred: Int32Array;
}

/** Index of the largest logit of row `at..at+c` other than `skip` (first one on ties). */
function argmaxExcept(z: ArrayLike<number>, at: number, c: number, skip: number): number {
  let best = -1;
  for (let j = 0; j < c; j++) if (j !== skip && (best < 0 || z[at + j]! > z[at + best]!)) best = j;
  return best;
}

/** The loss `kind` of every row of `logits` (`[n, c]` flat) with labels `y`. */
export function logitLoss(
  kind: AttackLoss,
  logits: ArrayLike<number>,
  y: Int32Array,
  c: number,
  op: string,
): LogitLoss {
  checkChoice(kind, op, 'loss', attackLosses);
  if (kind === 'dlr' && c < 3)
    throw new RangeError(`${op}: loss 'dlr' needs at least 3 classes (it divides by z_π1 − z_π3), the model has ${c}`);
  const n = y.length;
  const loss = new Float64Array(n);
  const grad = new Float64Array(n * c);
  const pred = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const at = i * c;
    const label = y[i]!;
    const top = argmaxExcept(logits, at, c, -1);
    pred[i] = top;
    if (kind === 'ce') {
      // Stable log-sum-exp: shift by the row maximum.
      const m = logits[at + top]!;
      let s = 0;
      for (let j = 0; j < c; j++) s += Math.exp(logits[at + j]! - m);
      loss[i] = m + Math.log(s) - logits[at + label]!;
      for (let j = 0; j < c; j++) grad[at + j] = Math.exp(logits[at + j]! - m) / s;
      grad[at + label]! -= 1;
      continue;
    }
    const other = argmaxExcept(logits, at, c, label);
    const margin = logits[at + other]! - logits[at + label]!;
    if (kind === 'cw') {
      loss[i] = margin;
      grad[at + other] = 1;
      grad[at + label] = -1;
      continue;
    }
    // dlr: the third largest logit, found without sorting the row.
    const second = argmaxExcept(logits, at, c, top);
    let third = -1;
    for (let j = 0; j < c; j++)
      if (j !== top && j !== second && (third < 0 || logits[at + j]! > logits[at + third]!)) third = j;
    const d = logits[at + top]! - logits[at + third]! + 1e-12;
    loss[i] = margin / d;
    // L = margin / d: ∂L/∂z_other = 1/d, ∂L/∂z_y = −1/d, ∂L/∂z_π1 = −margin/d², ∂L/∂z_π3 = +margin/d²
    // (indices may coincide, e.g. other = π1: contributions add up, as torch's sort backward does).
    grad[at + other]! += 1 / d;
    grad[at + label]! -= 1 / d;
    grad[at + top]! -= margin / (d * d);
    grad[at + third]! += margin / (d * d);
  }
  return { loss, grad, pred };
}
