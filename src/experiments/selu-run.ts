/**
 * One network of `actlab selu`: builds the deep MLP with the variant's activation and init,
 * measures the mean and variance of every hidden layer's activations on a fixed batch of training
 * samples, trains it with plain SGD, and measures again.
 */
import type { DatasetCache, DatasetSplit } from '../data/dataset.js';
import { resolveActivation } from '../activations/resolve.js';
import { activationStatistics, meanVariance, type LayerStatistics } from '../analysis/layer-stats.js';
import { buildMlp } from '../models/mlp.js';
import type { Sequential } from '../nn/container.js';
import { lecunNormal_, zeros_ } from '../nn/init.js';
import { Linear } from '../nn/linear.js';
import { SGD } from '../optim/sgd.js';
import { Generator, manualSeed } from '../tensor/random.js';
import { fit } from '../train/fit.js';
import { loadSplit } from './data.js';
import type { SeluTask, SeluVariant } from './selu-config.js';
import { probeBatch } from './train-run.js';

export const SELU_SCHEMA = 1;
export const SELU_FILE = 'selu.jsonl';

export interface SeluRunResult {
  schema: number;
  key: string;
  fingerprint: string;
  variant: SeluVariant;
  seed: number;
  /** Mean and variance of the probe batch itself (the network's input). */
  input: { mean: number; variance: number };
  /** Per hidden layer, input side first. */
  init: LayerStatistics;
  trained: LayerStatistics;
  /** Per epoch: mean training loss and test accuracy. */
  history: { epoch: number; trainLoss: number; testAccuracy: number; seconds: number }[];
  testAccuracy: number;
  /** The loss became NaN/±Inf (training stopped there; `trained` is then NaN). */
  diverged: boolean;
  finishedAt: string;
  shard?: { index: number; count: number };
}

export interface SeluProgress {
  epoch: number;
  epochs: number;
  step: number;
  steps: number;
  loss: number;
  testAccuracy?: number;
}

export function isSeluResult(v: unknown): v is SeluRunResult {
  const r = v as Partial<SeluRunResult> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.key === 'string' &&
    typeof r.fingerprint === 'string' &&
    typeof r.variant === 'object' &&
    typeof r.init === 'object' &&
    typeof r.trained === 'object'
  );
}

export const seluFormat = {
  accept: isSeluResult,
  needs: 'key, fingerprint, variant, init, trained',
  schema: SELU_SCHEMA,
};

/**
 * The deep MLP of a variant: `depth` hidden layers of `width` units. LeCun init is N(0, 1/fan_in)
 * on every Linear (the output layer too) with zero biases, as the SNN paper prescribes; Kaiming
 * init is the builders' N(0, gain²/fan_in) with the activation's gain (√2 for ReLU), zero biases,
 * and gain 1 (= LeCun) for the output layer.
 */
export function buildSeluNetwork(
  variant: SeluVariant,
  shape: { inputShape: readonly number[]; classes: number; depth: number; width: number },
  seed: number,
): Sequential {
  const generator = new Generator(seed);
  const model = buildMlp({
    inputShape: shape.inputShape,
    hidden: Array.from({ length: shape.depth }, () => shape.width),
    classes: shape.classes,
    activation: resolveActivation(variant.act),
    init: variant.init === 'kaiming' ? 'kaiming' : 'default',
    generator,
  });
  if (variant.init === 'lecun') {
    for (const [, m] of model.namedModules()) {
      if (!(m instanceof Linear)) continue;
      lecunNormal_(m.weight, { generator });
      if (m.bias) zeros_(m.bias);
    }
  }
  return model;
}

const NAN_STATS = (n: number): LayerStatistics => ({
  mean: Array.from({ length: n }, () => NaN),
  variance: Array.from({ length: n }, () => NaN),
});

export interface SeluRunOptions {
  cache?: DatasetCache;
  split?: DatasetSplit;
  progress?: (p: SeluProgress) => void;
}

export function seluRun(task: SeluTask, options: SeluRunOptions = {}): SeluRunResult {
  const s = task.settings;
  const split = options.split ?? loadSplit(s, options.cache);
  manualSeed(task.seed);
  const model = buildSeluNetwork(
    task.variant,
    { inputShape: split.train.featureShape, classes: split.train.numClasses, depth: s.depth, width: s.width },
    task.seed,
  );
  const probe = probeBatch(split.train, s.probeSize);
  const init = activationStatistics(model, probe.x);
  const optimizer = new SGD(model.parameters(), { lr: s.lr });
  let diverged = false;
  let running = 0;
  let count = 0;
  const { history } = fit(model, split.train, {
    optimizer,
    epochs: s.epochs,
    batchSize: s.batchSize,
    seed: task.seed,
    validation: split.test,
    checkFinite: false,
    callbacks: [
      {
        onEpochBegin: () => {
          running = 0;
          count = 0;
        },
        onStepEnd: (st, ctx) => {
          running += st.loss * st.batchSize;
          count += st.batchSize;
          if (!Number.isFinite(st.loss)) {
            diverged = true;
            ctx.stop(`the loss became ${st.loss} at epoch ${st.epoch}, step ${st.step}`);
          }
          const every = Math.max(1, Math.floor(st.batches / 20));
          if (st.batch % every === 0 || st.batch === st.batches) {
            const last = ctx.history.at(-1);
            options.progress?.({
              epoch: st.epoch,
              epochs: s.epochs,
              step: st.batch,
              steps: st.batches,
              loss: running / count,
              ...(last?.valAccuracy !== undefined ? { testAccuracy: last.valAccuracy } : {}),
            });
          }
        },
      },
    ],
  });
  const epochs = history.map((h) => ({
    epoch: h.epoch,
    trainLoss: h.loss,
    testAccuracy: h.valAccuracy ?? NaN,
    seconds: h.seconds,
  }));
  return {
    schema: SELU_SCHEMA,
    key: task.key,
    fingerprint: task.fingerprint,
    variant: { ...task.variant },
    seed: task.seed,
    input: meanVariance(probe.x.data),
    init,
    trained: diverged ? NAN_STATS(s.depth) : activationStatistics(model, probe.x),
    history: epochs,
    testAccuracy: diverged ? NaN : (epochs.at(-1)?.testAccuracy ?? NaN),
    diverged,
    finishedAt: new Date().toISOString(),
  };
}
