/**
 * Trains one network (MLP or CNN, src/models) for one activation and seed — the unit of work of
 * `compare` (one run per worker task) and of `train` — and measures it: per-epoch loss and
 * accuracy, per-layer gradient norms at init and after training, and dead units after training.
 *
 * Reproducible: the weights come from `new Generator(seed)`, batches are shuffled from `seed`,
 * the default generator (dropout, RReLU) is reseeded with it, and the data split depends only on
 * `dataSeed`. Nothing depends on the thread or the process the run lands on — and a run resumed
 * from its checkpoint gives the numbers of one that was never interrupted.
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
import type { EpochLog } from '../train/callbacks.js';
import { resolveActivation, type ResolvedActivation } from '../activations/resolve.js';
import { deadUnits, layerGradNorms } from '../analysis/network.js';
import { buildModel, describeModel, type ModelSpec } from '../models/registry.js';
import { checkpointWriter, readCheckpoint } from '../io/node/checkpoint-file.js';
import { CheckpointError, type Checkpoint } from '../io/checkpoint.js';
import type { JsonValue } from '../io/json.js';
import { fingerprint, type OptimizerName, type RunSpec, type TrainConfig } from './config.js';
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

/**
 * The network of a run as a builder spec: `config.model` (default mlp) with the dataset's sample
 * shape and classes.
 * @throws RangeError when the network cannot take the data (a CNN on 2-D points).
 */
export function modelSpecOf(
  config: TrainConfig,
  data: DatasetSplit['train'],
  act: string,
  params: Record<string, number | string> = {},
): ModelSpec {
  const common = {
    inputShape: [...data.featureShape],
    hidden: [...config.hidden],
    classes: data.numClasses,
    activation: Object.keys(params).length > 0 ? { id: act, params: { ...params } } : { id: act },
    init: config.init,
  };
  const spec: ModelSpec = config.model === 'cnn' ? { kind: 'cnn', ...common } : { kind: 'mlp', ...common };
  if (spec.kind === 'cnn' && data.featureShape.length !== 3) {
    throw new RangeError(
      `the cnn needs images ([channels, height, width] samples: mnist, fashion-mnist); ${data.name} has samples of shape [${data.featureShape.join(', ')}]`,
    );
  }
  return spec;
}

export interface TrainedRun {
  result: RunResult;
  model: Sequential;
  /** How the model was built (model.json's `builder`). */
  spec: ModelSpec;
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
  /** Write a checkpoint to `path` every `every` epochs. */
  checkpoint?: { path: string; every: number };
  /** Continue from the checkpoint at this path (written by a run of the same configuration). */
  resume?: string;
  /**
   * Start from this network (e.g. one loaded from a model folder) instead of a fresh one; its
   * spec gives the activation, and must take the data's samples and classes.
   */
  initial?: { model: Sequential; spec: ModelSpec };
}

/** What a run's checkpoints record about it, so a resume with other settings is refused. */
function runIdentity(act: string, seed: number, config: TrainConfig, spec: ModelSpec): Record<string, JsonValue> {
  return { act, seed, fingerprint: fingerprint(config), network: describeModel(spec) };
}

/** The checkpoint at `path`, checked to come from a run with this identity. */
function checkpointOfRun(path: string, identity: Record<string, JsonValue>): Checkpoint {
  const ckpt = readCheckpoint(path);
  const saved = ckpt.meta.extra?.metadata as Record<string, JsonValue> | undefined;
  const differs = Object.keys(identity).filter((k) => saved?.[k] !== identity[k]);
  if (differs.length > 0) {
    throw new CheckpointError(
      `${path} was written by another run (${differs.map((k) => `${k} ${JSON.stringify(saved?.[k])} there, ${JSON.stringify(identity[k])} here`).join('; ')}); ` +
        'resume with the options of that run',
    );
  }
  return ckpt;
}

/** Trains `act` with `seed` under `config` and measures the run. */
export function trainRun(act: string, seed: number, config: TrainConfig, options: TrainRunOptions = {}): TrainedRun {
  const split = options.split ?? loadSplit(config, options.cache);
  const spec = options.initial?.spec ?? modelSpecOf(config, split.train, act, options.params ?? {});
  const activation = resolveActivation(spec.activation.id, spec.activation.params ?? {});
  manualSeed(seed);
  // A resumed run builds the same initial network first: its init gradient norms are measured on
  // it, then the checkpoint's weights replace it.
  const model = options.initial?.model ?? buildModel(spec, { generator: new Generator(seed) });
  const identity = runIdentity(act, seed, config, spec);
  const probe = probeBatch(split.train);
  const gradNormInit = layerGradNorms(model, probe.x, probe.y);
  const optimizer = makeOptimizer(config.optimizer, model, config.lr);
  const report = options.progress;
  let running = 0;
  let count = 0;
  const { history: logs } = fit(model, split.train, {
    optimizer,
    epochs: config.epochs,
    batchSize: config.batchSize,
    seed,
    validation: split.test,
    // A diverging run (NaN loss) is a result worth reporting, not an error.
    checkFinite: false,
    ...(options.checkpoint
      ? {
          checkpoint: {
            every: options.checkpoint.every,
            write: checkpointWriter(options.checkpoint.path),
            metadata: identity,
          },
        }
      : {}),
    ...(options.resume ? { resume: checkpointOfRun(options.resume, identity) } : {}),
    callbacks: [
      {
        onEpochBegin: () => {
          running = 0;
          count = 0;
        },
        onStepEnd: (s, ctx) => {
          running += s.loss * s.batchSize;
          count += s.batchSize;
          const every = Math.max(1, Math.floor(s.batches / 40));
          if (report && (s.batch % every === 0 || s.batch === s.batches)) {
            const last = ctx.history[ctx.history.length - 1];
            report({
              epoch: s.epoch,
              epochs: config.epochs,
              step: s.batch,
              steps: s.batches,
              loss: running / count,
              ...(last ? { testAccuracy: last.valAccuracy ?? NaN } : {}),
            });
          }
        },
      },
    ],
  });
  const history = logs.map(epochMetrics);
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
    inputShape: [...split.train.featureShape],
    numClasses: split.train.numClasses,
    network: describeModel(spec),
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
  return { result, model, spec, split, activation };
}

/** fit's epoch log as a result's epoch metrics. */
function epochMetrics(log: EpochLog): EpochMetrics {
  return {
    epoch: log.epoch,
    trainLoss: log.loss,
    trainAccuracy: log.accuracy ?? NaN,
    testLoss: log.valLoss ?? NaN,
    testAccuracy: log.valAccuracy ?? NaN,
    seconds: log.seconds,
  };
}

/** Trains a planned run (a compare task): {@link trainRun} with the run's key and fingerprint. */
export function trainSpec(run: RunSpec, options: TrainRunOptions = {}): RunResult {
  const { result } = trainRun(run.act, run.seed, run.config, options);
  return { ...result, key: run.key, fingerprint: run.fingerprint };
}
