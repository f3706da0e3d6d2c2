/**
 * PGD, projected gradient descent on the loss (Madry et al. 2018), with torchattacks' update
 * rules for L∞ and L2 (see projection.ts), an optional random start and restarts.
 */
import type { Tensor } from '../tensor/tensor.js';
import type { FloatArray, FloatDType } from '../tensor/dtype.js';
import { defaultGenerator } from '../tensor/random.js';
import { attackLosses, type AttackLoss } from './losses.js';
import { inputGradient, predict, toTensor, withAttackMode, type AttackBatch } from './gradient.js';
import { copyRow, gatherRows, pgdStep, randomStart } from './projection.js';
import {
  checkChoice,
  checkClip,
  checkCount,
  checkEps,
  checkInputs,
  checkPositive,
  labelsOf,
  norms,
  type AttackModel,
  type CommonAttackOptions,
  type Norm,
  type RandomAttackOptions,
} from './options.js';

export interface PgdOptions extends CommonAttackOptions, RandomAttackOptions {
  /** Radius of the threat model (L∞: per value; L2: per sample). */
  eps: number;
  /** Step size (default 2.5·eps/steps, Madry et al.'s choice: enough to cross the ball from any start). */
  alpha?: number;
  /** Gradient steps per restart (default 10). */
  steps?: number;
  /** 'linf' (default) or 'l2'. */
  norm?: Norm;
  /** Start from a random point of the ball (default true; L∞: U(−ε, ε) per value, L2 as torchattacks' PGDL2). */
  randomStart?: boolean;
  /**
   * Independent random starts (default 1). Per sample, the result is the first restart's final
   * point that the model misclassifies; a sample no restart fools keeps the point of highest loss.
   * Later restarts only attack the samples not yet fooled.
   */
  restarts?: number;
  /** Loss to maximise (default 'ce'; 'cw' is the Carlini–Wagner margin, 'dlr' APGD's ratio). */
  loss?: AttackLoss;
}

/** Options after validation and defaults. */
interface PgdPlan {
  eps: number;
  alpha: number;
  steps: number;
  norm: Norm;
  randomStart: boolean;
  restarts: number;
  loss: AttackLoss;
  clip: [number, number];
}

function plan(options: PgdOptions, op: string): PgdPlan {
  const eps = checkEps(options?.eps, op);
  const steps = checkCount(options.steps ?? 10, op, 'steps');
  const alpha =
    options.alpha === undefined ? (eps > 0 ? (2.5 * eps) / steps : 1) : checkPositive(options.alpha, op, 'alpha');
  const restarts = checkCount(options.restarts ?? 1, op, 'restarts');
  const randomStart = options.randomStart ?? true;
  if (restarts > 1 && !randomStart)
    throw new RangeError(
      `${op}: restarts = ${restarts} needs randomStart: true (without it every restart repeats the same path)`,
    );
  return {
    eps,
    alpha,
    steps,
    norm: checkChoice(options.norm ?? 'linf', op, 'norm', norms),
    randomStart,
    restarts,
    loss: checkChoice(options.loss ?? 'ce', op, 'loss', attackLosses),
    clip: checkClip(options.clip, op),
  };
}

/** One PGD run from a start point: `steps` steps in place. */
function descend(b: AttackBatch, x: FloatArray, adv: FloatArray, p: PgdPlan, d: number): void {
  for (let s = 0; s < p.steps; s++) {
    const { grad } = inputGradient(b, adv, p.loss, 'mean');
    pgdStep(p.norm, adv, x, grad, p.alpha, p.eps, p.clip, d);
  }
}

/**
 * The PGD adversarial version of `x`: a new, detached tensor of x's shape and dtype. `x` is not
 * modified; the model runs in eval mode (restored after), its parameter gradients untouched.
 *
 * L∞ step: $x_{t+1} = \mathrm{clip}\big(x + \mathrm{clamp}(x_t + α\,\mathrm{sign}(g_t) − x, −ε, ε)\big)$;
 * L2 step: $x_t + α\,g_t/(\lVert g_t\rVert_2 + 10^{-10})$, then δ projected onto the ε-ball and clipped.
 *
 * @param x - inputs in [0, 1] (or `clip`), `[N, ...]`.
 * @param y - int32 class labels `[N]`.
 * @example const xAdv = adversarial.pgd(model, x, y, { eps: 0.3, alpha: 0.01, steps: 40 });
 * @see Madry et al. 2018, "Towards Deep Learning Models Resistant to Adversarial Attacks", arXiv 1706.06083
 */
export function pgd(model: AttackModel, x: Tensor, y: Tensor, options: PgdOptions): Tensor {
  const op = 'pgd';
  const p = plan(options, op);
  checkInputs(x, y, p.clip, op);
  const generator = options.generator ?? defaultGenerator;
  const xs = x.data as FloatArray;
  const labels = labelsOf(y);
  const n = x.shape[0]!;
  const d = xs.length / n;
  const features = x.shape.slice(1);
  const dtype = x.dtype as FloatDType;
  const adv = withAttackMode(model, options.keepTrainMode ?? false, () => {
    if (p.restarts === 1) {
      // One run: its final point, exactly as torchattacks returns it.
      const start = p.randomStart ? randomStart(p.norm, xs, p.eps, p.clip, d, generator) : xs.slice();
      descend({ model, shape: x.shape, dtype, y: labels, op }, xs, start, p, d);
      return start;
    }
    const best = xs.slice();
    const bestLoss = new Float64Array(n).fill(-Infinity);
    const fooled = new Uint8Array(n);
    let active = Int32Array.from({ length: n }, (_, i) => i);
    for (let r = 0; r < p.restarts && active.length > 0; r++) {
      const xa = active.length === n ? xs : gatherRows(xs, active, d);
      const ya = Int32Array.from(active, (i) => labels[i]!);
      const b: AttackBatch = { model, shape: [active.length, ...features], dtype, y: ya, op };
      const point = randomStart(p.norm, xa, p.eps, p.clip, d, generator);
      descend(b, xa, point, p, d);
      const { loss, pred } = predict(b, point, p.loss);
      active.forEach((i, k) => {
        if (pred[k] !== ya[k]) {
          fooled[i] = 1;
          copyRow(best, i, point, k, d);
        } else if (loss[k]! > bestLoss[i]!) {
          bestLoss[i] = loss[k]!;
          copyRow(best, i, point, k, d);
        }
      });
      active = active.filter((i) => fooled[i] === 0);
    }
    return best;
  });
  return toTensor(adv, x.shape, dtype);
}
