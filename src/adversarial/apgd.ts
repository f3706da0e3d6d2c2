/**
 * APGD, Auto-PGD (Croce & Hein 2020), the first attack of AutoAttack: PGD without a step size
 * to tune. It starts at 2ε, adds momentum (0.75), and at checkpoints halves the step of every
 * sample whose loss oscillated (rose in ≤ 75% of the steps since the last checkpoint) or stopped
 * improving, restarting it from its best point. Checkpoints come closer together as the run
 * goes on (every 22% of the budget at first, shrinking by 3% down to 6%).
 *
 * Written after the reference implementation (fra31/auto-attack, autopgd_base.py), including
 * its quirks: the first checkpoint compares with loss row −1 (Python's wrap-around, 0 until
 * the last step), and per sample the result is its last misclassified iterate. Where it differs:
 * a sample no restart fools gets its highest-loss point rather than the clean input (same
 * robust accuracy; a more useful point for training and pictures).
 */
import type { Tensor } from '../tensor/tensor.js';
import type { FloatArray, FloatDType } from '../tensor/dtype.js';
import { defaultGenerator, type Generator } from '../tensor/random.js';
import type { AttackLoss } from './losses.js';
import { inputGradient, predict, toTensor, withAttackMode, type AttackBatch } from './gradient.js';
import { copyRow, gatherRows, rowNorm } from './projection.js';
import {
  checkChoice,
  checkClip,
  checkCount,
  checkEps,
  checkInputs,
  labelsOf,
  norms,
  type AttackModel,
  type CommonAttackOptions,
  type Norm,
  type RandomAttackOptions,
} from './options.js';

export const apgdLosses = ['ce', 'dlr'] as const;

export interface ApgdOptions extends CommonAttackOptions, RandomAttackOptions {
  /** Radius of the threat model (L∞: per value; L2: per sample). */
  eps: number;
  /** 'linf' (default) or 'l2'. */
  norm?: Norm;
  /** Iterations per restart (default 100, AutoAttack's). */
  steps?: number;
  /** 'ce' (default, APGD-CE) or 'dlr' (the Difference of Logits Ratio, scale-invariant; needs ≥ 3 classes). */
  loss?: (typeof apgdLosses)[number];
  /** Random restarts (default 1); each one attacks only the samples not fooled yet. */
  restarts?: number;
}

interface ApgdPlan {
  eps: number;
  norm: Norm;
  steps: number;
  loss: AttackLoss;
  clip: [number, number];
}

/** What one run returns per sample: the best-loss point and its loss, and the last misclassified iterate. */
interface SingleRun {
  best: FloatArray;
  bestLoss: Float64Array;
  fooled: Uint8Array;
  lastAdversarial: FloatArray;
}

const clamp = (v: number, lo: number, hi: number): number => (v < lo ? lo : v > hi ? hi : v);

/** The random start: a point on the boundary of the ε-ball (L∞: max |δ| = ε), clipped. */
function startPoint(x: FloatArray, p: ApgdPlan, d: number, generator: Generator): FloatArray {
  const adv = x.slice();
  const t = new Float64Array(d);
  for (let i = 0; i < x.length / d; i++) {
    let scale: number;
    if (p.norm === 'linf') {
      let m = 0;
      for (let j = 0; j < d; j++) m = Math.max(m, Math.abs((t[j] = 2 * generator.random() - 1)));
      scale = m;
    } else {
      for (let j = 0; j < d; j++) t[j] = generator.normal();
      scale = rowNorm(t, 0, d) + 1e-12;
    }
    for (let j = 0; j < d; j++) adv[i * d + j] = clamp(x[i * d + j]! + (p.eps * t[j]!) / scale, p.clip[0], p.clip[1]);
  }
  return adv;
}

/**
 * The momentum step of sample rows, in place on `adv`: z = P(adv + η·dir(g)), then
 * adv ← P(adv + a·(z − adv) + (1 − a)·(adv − advOld)), P the projection onto ball ∩ clip range.
 */
function momentumStep(
  adv: FloatArray,
  advOld: FloatArray,
  x: FloatArray,
  g: FloatArray,
  step: Float64Array,
  a: number,
  p: ApgdPlan,
  d: number,
): void {
  const [lo, hi] = p.clip;
  const eps = p.eps;
  const n = adv.length / d;
  const z = new Float64Array(d);
  const v = new Float64Array(d);
  // L2 projection of x + v onto the ball, as the reference: x + v/(‖v‖ + 1e-12)·min(ε, ‖v‖).
  const projectL2 = (at: number, out: Float64Array | FloatArray, outAt: number): void => {
    const nv = rowNorm(v, 0, d);
    const r = Math.min(eps, nv);
    for (let j = 0; j < d; j++) out[outAt + j] = clamp(x[at + j]! + (v[j]! / (nv + 1e-12)) * r, lo, hi);
  };
  for (let i = 0; i < n; i++) {
    const at = i * d;
    if (p.norm === 'linf') {
      for (let j = 0; j < d; j++) {
        const k = at + j;
        const xl = x[k]! - eps;
        const xh = x[k]! + eps;
        const z1 = clamp(Math.min(Math.max(adv[k]! + step[i]! * Math.sign(g[k]!), xl), xh), lo, hi);
        const z2 = adv[k]! + (z1 - adv[k]!) * a + (adv[k]! - advOld[k]!) * (1 - a);
        z[j] = clamp(Math.min(Math.max(z2, xl), xh), lo, hi);
      }
    } else {
      const gn = rowNorm(g, i, d) + 1e-12;
      for (let j = 0; j < d; j++) v[j] = adv[at + j]! + step[i]! * (g[at + j]! / gn) - x[at + j]!;
      projectL2(at, z, 0);
      for (let j = 0; j < d; j++)
        v[j] = adv[at + j]! + (z[j]! - adv[at + j]!) * a + (adv[at + j]! - advOld[at + j]!) * (1 - a) - x[at + j]!;
      projectL2(at, z, 0);
    }
    for (let j = 0; j < d; j++) {
      advOld[at + j] = adv[at + j]!;
      adv[at + j] = z[j]!;
    }
  }
}

/** One APGD run over the rows of `x` (all attacked together, each with its own step size). */
function singleRun(b: AttackBatch, x: FloatArray, p: ApgdPlan, d: number, generator: Generator): SingleRun {
  const n = b.y.length;
  const { steps } = p;
  const rho = 0.75;
  const sizeDecr = Math.max(Math.floor(0.03 * steps), 1);
  const minCheck = Math.max(Math.floor(0.06 * steps), 1);
  let k = Math.max(Math.floor(0.22 * steps), 1);

  const adv = startPoint(x, p, d, generator);
  let { grad, loss, pred } = inputGradient(b, adv, p.loss, 'sum');
  const best = adv.slice();
  const lastAdversarial = adv.slice();
  const gradBest = grad.slice();
  const bestLoss = loss.slice();
  const fooled = Uint8Array.from(pred, (c, i) => (c !== b.y[i] ? 1 : 0));
  const step = new Float64Array(n).fill(2 * p.eps);
  const advOld = adv.slice();
  const lossSteps = new Float64Array(steps * n);
  let lossAtLastCheck = bestLoss.slice();
  let reducedAtLastCheck = new Uint8Array(n).fill(1);
  let sinceCheck = 0;

  for (let i = 0; i < steps; i++) {
    momentumStep(adv, advOld, x, grad, step, i > 0 ? 0.75 : 1, p, d);
    ({ grad, loss, pred } = inputGradient(b, adv, p.loss, 'sum'));
    for (let s = 0; s < n; s++) {
      if (pred[s] !== b.y[s]) {
        fooled[s] = 1;
        copyRow(lastAdversarial, s, adv, s, d);
      }
      lossSteps[i * n + s] = loss[s]!;
      if (loss[s]! > bestLoss[s]!) {
        copyRow(best, s, adv, s, d);
        copyRow(gradBest, s, grad, s, d);
        bestLoss[s] = loss[s]!;
      }
    }
    if (++sinceCheck < k) continue;
    // Checkpoint: halve the step where the loss oscillated or did not improve since the last one.
    const row = (r: number): number => ((r % steps) + steps) % steps; // Python's negative index
    const reduced = new Uint8Array(n);
    for (let s = 0; s < n; s++) {
      let rises = 0;
      for (let c = 0; c < k; c++) if (lossSteps[row(i - c) * n + s]! > lossSteps[row(i - c - 1) * n + s]!) rises++;
      const oscillated = rises <= k * rho;
      const stalled = reducedAtLastCheck[s] === 0 && lossAtLastCheck[s]! >= bestLoss[s]!;
      if (oscillated || stalled) {
        reduced[s] = 1;
        step[s] = step[s]! / 2;
        copyRow(adv, s, best, s, d);
        copyRow(grad, s, gradBest, s, d);
      }
    }
    reducedAtLastCheck = reduced;
    lossAtLastCheck = bestLoss.slice();
    k = Math.max(k - sizeDecr, minCheck);
    sinceCheck = 0;
  }
  return { best, bestLoss, fooled, lastAdversarial };
}

/**
 * The APGD adversarial version of `x`: a new, detached tensor of x's shape and dtype. Samples the
 * model already misclassifies are returned unchanged (as AutoAttack does); `x` is not modified.
 *
 * @param x - inputs in [0, 1] (or `clip`), `[N, ...]`.
 * @param y - int32 class labels `[N]`.
 * @example const xAdv = adversarial.apgd(model, x, y, { eps: 0.3, steps: 100, loss: 'dlr' });
 * @see Croce & Hein 2020, "Reliable evaluation of adversarial robustness with an ensemble of diverse parameter-free attacks", arXiv 2003.01690
 */
export function apgd(model: AttackModel, x: Tensor, y: Tensor, options: ApgdOptions): Tensor {
  const op = 'apgd';
  const p: ApgdPlan = {
    eps: checkEps(options?.eps, op),
    norm: checkChoice(options.norm ?? 'linf', op, 'norm', norms),
    steps: checkCount(options.steps ?? 100, op, 'steps'),
    loss: checkChoice(options.loss ?? 'ce', op, 'loss', apgdLosses),
    clip: checkClip(options.clip, op),
  };
  const restarts = checkCount(options.restarts ?? 1, op, 'restarts');
  checkInputs(x, y, p.clip, op);
  const generator = options.generator ?? defaultGenerator;
  const xs = x.data as FloatArray;
  const labels = labelsOf(y);
  const n = x.shape[0]!;
  const d = xs.length / n;
  const dtype = x.dtype as FloatDType;
  const adv = withAttackMode(model, options.keepTrainMode ?? false, () => {
    const out = xs.slice();
    const clean = predict({ model, shape: x.shape, dtype, y: labels, op }, xs, p.loss);
    const bestLoss = new Float64Array(n).fill(-Infinity);
    let active = Int32Array.from({ length: n }, (_, i) => i).filter((i) => clean.pred[i] === labels[i]);
    for (let r = 0; r < restarts && active.length > 0; r++) {
      const ya = Int32Array.from(active, (i) => labels[i]!);
      const b: AttackBatch = { model, shape: [active.length, ...x.shape.slice(1)], dtype, y: ya, op };
      const run = singleRun(b, gatherRows(xs, active, d), p, d, generator);
      active.forEach((i, k) => {
        if (run.fooled[k]) copyRow(out, i, run.lastAdversarial, k, d);
        else if (run.bestLoss[k]! > bestLoss[i]!) {
          bestLoss[i] = run.bestLoss[k]!;
          copyRow(out, i, run.best, k, d);
        }
      });
      active = active.filter((_, k) => !run.fooled[k]);
    }
    return out;
  });
  return toTensor(adv, x.shape, dtype);
}
