/**
 * Trains one MLP for one activation and seed — the unit of work of `compare` (one run per
 * worker task) and of `train` — and measures it: per-epoch loss and accuracy, per-layer
 * gradient norms at init and after training, and dead units after training.
 *
 * Reproducible: the weights come from `new Generator(seed)`, batches are shuffled from `seed`,
 * the default generator (dropout, RReLU) is reseeded with it, and the data split depends only on
 * `dataSeed`. Nothing depends on the thread or the process the run lands on.
 */
import type { DatasetCache, DatasetSplit } from '../data/dataset.js';
import type { Sequential } from '../nn/container.js';
import { Adam, AdamW } from '../optim/adam.js';
import type { BaseOptions, Optimizer } from '../optim/optimizer.js';
import { RMSprop } from '../optim/rmsprop.js';
import { SGD } from '../optim/sgd.js';
import { Generator, manualSeed } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { fit } from '../train/fit.js';
import { resolveActivation, type ResolvedActivation } from '../activations/resolve.js';
import { buildMlp, deadUnits, layerGradNorms } from '../analysis/mlp.js';
import type { OptimizerName, RunSpec, TrainConfig } from './config.js';
import { loadSplit } from './data.js';
import { RESULT_SCHEMA, type EpochMetrics, type RunResult } from './results.js';
import type { TrainProgress } from './runner.js';

/** Samples in the fixed batch the gradient norms are measured on. */
const PROBE_SIZE = 256;

/** The optimizer by name, torch's defaults otherwise (SGD without momentum). */
export function makeOptimizer(name: OptimizerName, model: Sequential, lr: number): Optimizer<BaseOptions> {
  const params = model.parameters();
  switch (name) {
    case 'sgd':
      return new SGD(params, { lr });
    case 'adam':
      return new Adam(params, { lr });
    case 'adamw':
      return new AdamW(params, { lr });
    case 'rmsprop':
      return new RMSprop(params, { lr });
  }
}

/** The first `n` samples of a split part as an input batch and int32 labels. */
export function probeBatch(ds: DatasetSplit['train'], n = PROBE_SIZE): { x: Tensor; y: Tensor } {
  const m = Math.min(n, ds.n);
  const size = ds.x.length / ds.n;
  return {
    x: new Tensor(ds.x.slice(0, m * size), [m, ...ds.featureShape], 'float32'),
    y: new Tensor(ds.y.slice(0, m), [m], 'int32'),
  };
}

export interface TrainedRun {
  result: RunResult;
  model: Sequential;
  split: DatasetSplit;
  activation: ResolvedActivation;
}

export interface TrainRunOptions {
  /** Activation parameters (default: the spec's defaults). */
  params?: Record<string, number | string>;
  cache?: DatasetCache;
  /** Called every few batches and at the end of each epoch. */
  progress?: (p: TrainProgress) => void;
  /** An already loaded split (skips loading). */
  split?: DatasetSplit;
}

/** Trains `act` with `seed` under `config` and measures the run. */
export function trainRun(act: string, seed: number, config: TrainConfig, options: TrainRunOptions = {}): TrainedRun {
  const split = options.split ?? loadSplit(config, options.cache);
  const activation = resolveActivation(act, options.params ?? {});
  manualSeed(seed);
  const model = buildMlp({
    inputShape: split.train.featureShape,
    hidden: config.hidden,
    classes: split.train.numClasses,
    activation,
    init: config.init,
    generator: new Generator(seed),
  });
  const probe = probeBatch(split.train);
  const gradNormInit = layerGradNorms(model, probe.x, probe.y);
  const optimizer = makeOptimizer(config.optimizer, model, config.lr);
  const history: EpochMetrics[] = [];
  const report = options.progress;
  let running = 0;
  let count = 0;
  fit(model, split.train, {
    optimizer,
    epochs: config.epochs,
    batchSize: config.batchSize,
    seed,
    validation: split.test,
    // A diverging run (NaN loss) is a result worth reporting, not an error.
    checkFinite: false,
    callbacks: [
      {
        onEpochBegin: () => {
          running = 0;
          count = 0;
        },
        onStepEnd: (s) => {
          running += s.loss * s.batchSize;
          count += s.batchSize;
          const every = Math.max(1, Math.floor(s.batches / 40));
          if (report && (s.batch % every === 0 || s.batch === s.batches)) {
            const last = history[history.length - 1];
            report({
              epoch: s.epoch,
              epochs: config.epochs,
              step: s.batch,
              steps: s.batches,
              loss: running / count,
              ...(last ? { testAccuracy: last.testAccuracy } : {}),
            });
          }
        },
        onEpochEnd: (log) => {
          history.push({
            epoch: log.epoch,
            trainLoss: log.loss,
            trainAccuracy: log.accuracy ?? NaN,
            testLoss: log.valLoss ?? NaN,
            testAccuracy: log.valAccuracy ?? NaN,
            seconds: log.seconds,
          });
        },
      },
    ],
  });
  const last = history[history.length - 1];
  const dead = deadUnits(model, activation, split.train);
  const result: RunResult = {
    schema: RESULT_SCHEMA,
    key: `${act}/seed${seed}`,
    fingerprint: '',
    act,
    seed,
    config,
    inputSize: split.train.x.length / split.train.n,
    numClasses: split.train.numClasses,
    history,
    final: {
      trainLoss: last?.trainLoss ?? NaN,
      trainAccuracy: last?.trainAccuracy ?? NaN,
      testLoss: last?.testLoss ?? NaN,
      testAccuracy: last?.testAccuracy ?? NaN,
    },
    secondsPerEpoch: history.length ? history.reduce((s, h) => s + h.seconds, 0) / history.length : 0,
    deadFraction: dead.overall,
    deadFractionPerLayer: dead.perLayer,
    gradNormInit,
    gradNormFinal: layerGradNorms(model, probe.x, probe.y),
    finishedAt: new Date().toISOString(),
  };
  return { result, model, split, activation };
}

/** Trains a planned run (a compare task): {@link trainRun} with the run's key and fingerprint. */
export function trainSpec(run: RunSpec, options: TrainRunOptions = {}): RunResult {
  const { result } = trainRun(run.act, run.seed, run.config, options);
  return { ...result, key: run.key, fingerprint: run.fingerprint };
}
