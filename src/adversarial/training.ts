/**
 * Adversarial training with `train.fit`: a batch transform that trains on adversarial versions
 * of each batch, and an early-stopping callback on PGD accuracy of a held-out training subset.
 *
 * - PGD-k (Madry et al. 2018): k steps of size α (default 2.5ε/k) from a random start.
 * - FGSM with random start, "fast" adversarial training (Wong, Rice & Kolter 2020): δ ~ U(−ε, ε),
 *   one signed step of α = 1.25ε, δ clamped to the ball: exactly PGD-1 with that step.
 * - SAT's variant (Xie et al. 2020): PGD-1 with α = ε, starting from the clean image in 20% of the
 *   batches (`cleanStart: 0.2`; their `prob_start_from_clean`; every batch is still adversarial).
 * - `fraction` < 1 attacks only that share of each batch and trains on the rest clean.
 *
 * Catastrophic overfitting (Wong et al.): one-step training can suddenly lose all PGD robustness
 * within an epoch while FGSM accuracy keeps rising. `robustEarlyStopping` watches PGD accuracy on
 * samples not trained on, stops when it collapses and restores the best weights.
 */
import { Tensor } from '../tensor/tensor.js';
import type { FloatArray, FloatDType } from '../tensor/dtype.js';
import { defaultGenerator, type Generator } from '../tensor/random.js';
import type { DataSource } from '../data/loader.js';
import type { BatchTransform } from '../train/batch-transform.js';
import type { Callback } from '../train/callbacks.js';
import type { Module } from '../nn/module.js';
import { evaluate } from './evaluate.js';
import { toTensor } from './gradient.js';
import type { AttackLoss } from './losses.js';
import { checkChoice, checkCount, checkEps, checkPositive, norms, type Norm } from './options.js';
import { pgd } from './pgd.js';
import { gatherRows } from './projection.js';
import { describeAttack, type AttackSpec } from './spec.js';

export const trainingAttacks = ['fgsm', 'pgd'] as const;

export interface AdversarialTrainingOptions {
  /** 'fgsm': FGSM with random start (one step, α = 1.25ε by default); 'pgd': PGD-k (α = 2.5ε/k). */
  attack: (typeof trainingAttacks)[number];
  eps: number;
  alpha?: number;
  /** PGD steps (default 10; 'fgsm' is one step). */
  steps?: number;
  norm?: Norm;
  loss?: AttackLoss;
  /** Probability that a batch's attack starts from the clean input instead of a random point (default 0; SAT: 0.2). */
  cleanStart?: number;
  /** Share of each batch replaced by adversarial samples, the first ones (default 1). */
  fraction?: number;
  /**
   * Epochs (fractions allowed) over which ε (and α with it) grows linearly from 0 to its value
   * (default 0: full ε from the first step). A ramp lets a network that cannot yet classify learn
   * before facing the full ball; MNIST at ε = 0.3 trains much faster with one.
   */
  warmup?: number;
  /** Generate the attack in training mode (default false: eval mode, as SAT's code does for BatchNorm). */
  keepTrainMode?: boolean;
  /** Random starts and the clean-start draws (default: the generator `manualSeed` seeds). */
  generator?: Generator;
}

function checkFraction(v: unknown, arg: string): number {
  if (typeof v !== 'number' || !(v >= 0 && v <= 1))
    throw new RangeError(`adversarialTraining: ${arg} must be a number in [0, 1], got ${String(v)}`);
  return v;
}

/** The attack a training transform runs, as a spec (for reports). */
export function trainingAttackSpec(o: AdversarialTrainingOptions): AttackSpec {
  const op = 'adversarialTraining';
  const attack = checkChoice(o?.attack, op, 'attack', trainingAttacks);
  const eps = checkEps(o.eps, op);
  const steps = attack === 'fgsm' ? 1 : checkCount(o.steps ?? 10, op, 'steps');
  const alpha =
    o.alpha !== undefined ? checkPositive(o.alpha, op, 'alpha') : attack === 'fgsm' ? 1.25 * eps : (2.5 * eps) / steps;
  return {
    attack: 'pgd',
    eps,
    alpha: alpha > 0 ? alpha : 1,
    steps,
    norm: checkChoice(o.norm ?? 'linf', op, 'norm', norms),
    loss: o.loss ?? 'ce',
    randomStart: true,
  };
}

/**
 * A `transformBatch` for `train.fit` that trains on adversarial examples.
 * @example
 * fit(model, train, { optimizer, epochs: 5,
 *   transformBatch: adversarial.adversarialTraining({ attack: 'fgsm', eps: 0.3 }) });
 * @see Wong, Rice & Kolter 2020, "Fast is better than free", arXiv 2001.03994
 */
export function adversarialTraining(options: AdversarialTrainingOptions): BatchTransform {
  const spec = trainingAttackSpec(options) as AttackSpec & { attack: 'pgd' };
  const cleanStart = checkFraction(options.cleanStart ?? 0, 'cleanStart');
  const fraction = checkFraction(options.fraction ?? 1, 'fraction');
  const generator = options.generator ?? defaultGenerator;
  const keepTrainMode = options.keepTrainMode ?? false;
  const warmup = options.warmup ?? 0;
  if (typeof warmup !== 'number' || !(warmup >= 0) || !Number.isFinite(warmup))
    throw new RangeError(`adversarialTraining: warmup must be a number of epochs ≥ 0, got ${String(warmup)}`);
  return (x, y, { model, epoch, batch, batches }) => {
    const n = x.shape[0]!;
    const m = Math.round(fraction * n);
    // Progress through training in epochs, counting this batch as done: the ramp reaches ε at `warmup`.
    const ramp = warmup > 0 ? Math.min(1, (epoch - 1 + batch / batches) / warmup) : 1;
    if (m === 0 || spec.eps === 0) return x;
    const fromClean = cleanStart > 0 && generator.random() < cleanStart;
    const attack = {
      ...spec,
      eps: spec.eps * ramp,
      alpha: spec.alpha! * ramp,
      randomStart: !fromClean,
      generator,
      keepTrainMode,
    };
    if (m === n) return pgd(model, x, y, attack);
    // Attack the first m samples (batches are shuffled), keep the rest clean.
    const d = x.numel / n;
    const rows = Int32Array.from({ length: m }, (_, i) => i);
    const xs = toTensor(gatherRows(x.data as FloatArray, rows, d), [m, ...x.shape.slice(1)], x.dtype as FloatDType);
    const adv = pgd(model, xs, new Tensor((y.data as Int32Array).slice(0, m), [m], 'int32'), attack);
    const out = (x.data as FloatArray).slice();
    out.set(adv.data as FloatArray);
    return toTensor(out, x.shape, x.dtype as FloatDType);
  };
}

export interface RobustCheck {
  epoch: number;
  robustAccuracy: number;
  cleanAccuracy: number;
}

export interface RobustEarlyStoppingOptions {
  /** Held-out training samples (not trained on), e.g. 500 of them. */
  data: DataSource;
  /** The attack to watch, e.g. PGD-10 at the training ε (Wong et al. watch PGD with restarts). */
  attack: AttackSpec;
  /** Stop when robust accuracy falls this far below its best (default 0.2: a collapse, not noise). */
  drop?: number;
  /** Also stop after this many epochs without improvement (default: never). */
  patience?: number;
  /** Put back the weights of the best check when stopping or at the end of training (default true). */
  restoreBest?: boolean;
  /** Called after every check. */
  onCheck?: (check: RobustCheck) => void;
}

export interface RobustEarlyStopping extends Callback {
  /** Every check so far. */
  readonly history: RobustCheck[];
  /** The best check (the weights restored at the end with `restoreBest`). */
  best(): RobustCheck | undefined;
}

/**
 * Early stopping on robust accuracy of held-out training samples, checked after every epoch: the
 * documented fix for catastrophic overfitting of FGSM training (Wong et al. 2020, §5.3).
 * @example
 * const stop = adversarial.robustEarlyStopping({ data: heldOut, attack: { attack: 'pgd', eps: 0.3, alpha: 0.075, steps: 10 } });
 * fit(model, train, { optimizer, epochs: 10, transformBatch, callbacks: [stop] });
 */
export function robustEarlyStopping(options: RobustEarlyStoppingOptions): RobustEarlyStopping {
  const op = 'robustEarlyStopping';
  const drop = checkFraction(options.drop ?? 0.2, 'drop');
  const patience = options.patience === undefined ? Infinity : checkCount(options.patience, op, 'patience');
  const restoreBest = options.restoreBest ?? true;
  const history: RobustCheck[] = [];
  let best: RobustCheck | undefined;
  let saved: FloatArray[] = [];
  const state = (model: Module<[Tensor], Tensor>): Tensor[] => Object.values(model.stateDict());
  const restore = (model: Module<[Tensor], Tensor>): void => {
    if (!restoreBest || saved.length === 0) return;
    state(model).forEach((t, i) => (t.data as FloatArray).set(saved[i]!));
  };
  return {
    history,
    best: () => best,
    onEpochEnd(log, ctx) {
      const r = evaluate(ctx.model, options.data, options.attack);
      const check = { epoch: log.epoch, robustAccuracy: r.attacks[0]!.robustAccuracy, cleanAccuracy: r.cleanAccuracy };
      history.push(check);
      options.onCheck?.(check);
      if (!best || check.robustAccuracy > best.robustAccuracy) {
        best = check;
        saved = state(ctx.model).map((t) => (t.data as FloatArray).slice());
        return;
      }
      const name = describeAttack(options.attack);
      if (check.robustAccuracy < best.robustAccuracy - drop)
        ctx.stop(
          `robust early stopping: ${name} accuracy on held-out training samples fell from ${best.robustAccuracy.toFixed(3)} ` +
            `(epoch ${best.epoch}) to ${check.robustAccuracy.toFixed(3)} (catastrophic overfitting)`,
        );
      else if (log.epoch - best.epoch >= patience)
        ctx.stop(
          `robust early stopping: ${name} accuracy did not improve for ${patience} epochs (best ${best.robustAccuracy.toFixed(3)})`,
        );
    },
    onTrainEnd(ctx) {
      if (best && history[history.length - 1] !== best) restore(ctx.model);
    },
  };
}
