/**
 * One run of `actlab converge`: trains the CNN with one activation, learning rate and seed, and
 * measures the training error on a fixed subset of the training set several times per epoch, until
 * the error reaches the target or the epoch budget runs out. "Epochs to target" is the first
 * crossing, linearly interpolated between the two measurements around it, so its resolution is
 * finer than the measurement interval; "seconds to target" counts training time only (the
 * measurements are not part of what the activation costs).
 */
import type { DatasetCache, DatasetSplit } from '../data/dataset.js';
import { subset } from '../data/split.js';
import { buildCnn, cnn } from '../models/cnn.js';
import type { Sequential } from '../nn/container.js';
import { Adam } from '../optim/adam.js';
import type { BaseOptions, Optimizer } from '../optim/optimizer.js';
import { SGD } from '../optim/sgd.js';
import { Generator, manualSeed } from '../tensor/random.js';
import { evaluate } from '../train/evaluate.js';
import { fit } from '../train/fit.js';
import { resolveActivation } from '../activations/resolve.js';
import type { ConvergeOptimizer, ConvergeSettings, ConvergeTask } from './converge-config.js';
import { loadSplit } from './data.js';

export const CONVERGE_SCHEMA = 1;
export const CONVERGE_FILE = 'converge.jsonl';

/** A training-error measurement: at `epoch` (fractional) after `seconds` of training. */
export interface ErrorPoint {
  epoch: number;
  error: number;
  seconds: number;
}

export interface ConvergeRunResult {
  schema: number;
  key: string;
  fingerprint: string;
  act: string;
  lr: number;
  seed: number;
  /** "1×28×28 → conv32 → conv32 → conv64 → 10". */
  network: string;
  /** Training error on the probe subset, from epoch 0 (the initial network) on. */
  curve: ErrorPoint[];
  /** Whether the error reached the target within the budget. */
  reached: boolean;
  /** Epochs (fractional, interpolated) to the target; NaN when not reached. */
  epochsToTarget: number;
  /** Training seconds to the target (interpolated); NaN when not reached. */
  secondsToTarget: number;
  /** The loss became NaN/±Inf (training stopped there). */
  diverged: boolean;
  /** Error on the test split at the end of the run (after stopping at the target, or at the budget). */
  testError: number;
  /** Training samples per second (training time only). */
  samplesPerSecond: number;
  finishedAt: string;
  shard?: { index: number; count: number };
}

/** Progress a converge task reports. */
export interface ConvergeProgress {
  epoch: number;
  epochs: number;
  step: number;
  steps: number;
  loss: number;
  /** The last measured training error. */
  trainError: number;
}

export function isConvergeResult(v: unknown): v is ConvergeRunResult {
  const r = v as Partial<ConvergeRunResult> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.key === 'string' &&
    typeof r.fingerprint === 'string' &&
    Array.isArray(r.curve) &&
    typeof r.act === 'string'
  );
}

export const convergeFormat = {
  accept: isConvergeResult,
  needs: 'key, fingerprint, act, curve',
  schema: CONVERGE_SCHEMA,
};

/** The optimizer of a run: SGD with momentum 0.9 (Krizhevsky et al.), plain SGD, or Adam. */
export function convergeOptimizer(name: ConvergeOptimizer, model: Sequential, lr: number): Optimizer<BaseOptions> {
  const params = model.parameters();
  if (name === 'adam') return new Adam(params, { lr });
  return new SGD(params, { lr, momentum: name === 'momentum' ? 0.9 : 0 });
}

/**
 * The first time the curve is at or below `target`, linearly interpolated between the point
 * before and the first point at or below it: `{ epoch, seconds }`, or undefined if it never is.
 */
export function crossing(curve: readonly ErrorPoint[], target: number): { epoch: number; seconds: number } | undefined {
  const i = curve.findIndex((p) => p.error <= target);
  if (i < 0) return undefined;
  const b = curve[i]!;
  const a = curve[i - 1];
  if (!a || a.error === b.error) return { epoch: b.epoch, seconds: b.seconds };
  const t = (a.error - target) / (a.error - b.error);
  return { epoch: a.epoch + t * (b.epoch - a.epoch), seconds: a.seconds + t * (b.seconds - a.seconds) };
}

/** Fraction misclassified by `model` on `data` (eval mode, no gradients). */
const errorOn = (model: Sequential, data: DatasetSplit['train']): number => 1 - (evaluate(model, data).accuracy ?? NaN);

export interface ConvergeRunOptions {
  cache?: DatasetCache;
  split?: DatasetSplit;
  progress?: (p: ConvergeProgress) => void;
}

/** Trains one run of the plan and measures its training-error curve. */
export function convergeRun(task: ConvergeTask, options: ConvergeRunOptions = {}): ConvergeRunResult {
  const s: ConvergeSettings = task.settings;
  const split = options.split ?? loadSplit(s, options.cache);
  const probe = subset(
    split.train,
    Array.from({ length: Math.min(s.probeSize, split.train.n) }, (_, i) => i),
  );
  manualSeed(task.seed);
  const spec = {
    kind: 'cnn' as const,
    inputShape: [...split.train.featureShape],
    channels: s.channels,
    hidden: s.hidden,
    classes: split.train.numClasses,
    activation: { id: task.act },
    init: s.init,
  };
  const model = buildCnn({
    ...spec,
    activation: resolveActivation(task.act),
    generator: new Generator(task.seed),
  });
  const optimizer = convergeOptimizer(s.optimizer, model, task.lr);
  const curve: ErrorPoint[] = [{ epoch: 0, error: errorOn(model, probe), seconds: 0 }];
  let trainSeconds = 0;
  let since = 0;
  let diverged = false;
  let samples = 0;
  let running = 0;
  let count = 0;
  fit(model, split.train, {
    optimizer,
    epochs: s.maxEpochs,
    batchSize: s.batchSize,
    seed: task.seed,
    checkFinite: false,
    callbacks: [
      {
        onEpochBegin: () => {
          since = performance.now();
          running = 0;
          count = 0;
        },
        onStepEnd: (st, ctx) => {
          trainSeconds += (performance.now() - since) / 1000;
          samples += st.batchSize;
          running += st.loss * st.batchSize;
          count += st.batchSize;
          if (!Number.isFinite(st.loss)) {
            diverged = true;
            ctx.stop(`the loss became ${st.loss} at epoch ${st.epoch}, step ${st.step}`);
          }
          // Measure at evenly spaced points of each epoch (the last batch always ends one).
          const slot = Math.floor((st.batch * s.evalsPerEpoch) / st.batches);
          const prevSlot = Math.floor(((st.batch - 1) * s.evalsPerEpoch) / st.batches);
          if (slot !== prevSlot || diverged) {
            const error = diverged ? NaN : errorOn(model, probe);
            curve.push({ epoch: st.epoch - 1 + st.batch / st.batches, error, seconds: trainSeconds });
            options.progress?.({
              epoch: st.epoch,
              epochs: s.maxEpochs,
              step: st.batch,
              steps: st.batches,
              loss: running / count,
              trainError: error,
            });
            if (error <= s.target) ctx.stop(`reached training error ${error} ≤ ${s.target}`);
          }
          since = performance.now();
        },
      },
    ],
  });
  const hit = crossing(curve, s.target);
  return {
    schema: CONVERGE_SCHEMA,
    key: task.key,
    fingerprint: task.fingerprint,
    act: task.act,
    lr: task.lr,
    seed: task.seed,
    network: cnn.describe(spec),
    curve,
    reached: hit !== undefined,
    epochsToTarget: hit?.epoch ?? NaN,
    secondsToTarget: hit?.seconds ?? NaN,
    diverged,
    testError: diverged ? NaN : errorOn(model, split.test),
    samplesPerSecond: trainSeconds > 0 ? samples / trainSeconds : NaN,
    finishedAt: new Date().toISOString(),
  };
}
