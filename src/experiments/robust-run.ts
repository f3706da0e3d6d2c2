/**
 * One run of the robust study: adversarially train the CNN with one activation and seed, then
 * evaluate it on the whole test split under FGSM, PGD, APGD and the ε curve.
 *
 * Inputs stay in [0, 1] (no standardisation: ε is in pixel units, as every attack paper uses it).
 * Reproducible as compare's runs: weights from `new Generator(seed)`, batches shuffled from
 * `seed`, attack random starts from generators seeded from `seed`, the split from `dataSeed`.
 */
import type { DatasetCache, DatasetSplit } from '../data/dataset.js';
import { getDataset, type AnyDatasetOptions } from '../data/registry.js';
import { subset } from '../data/split.js';
import { Adam } from '../optim/adam.js';
import { CosineAnnealingLR } from '../optim/lr-scheduler.js';
import { Generator, manualSeed } from '../tensor/random.js';
import { fit } from '../train/fit.js';
import { resolveActivation } from '../activations/resolve.js';
import { evaluate } from '../adversarial/evaluate.js';
import { adversarialTraining, robustEarlyStopping } from '../adversarial/training.js';
import type { Sequential } from '../nn/container.js';
import { canonicalDataset } from './data.js';
import { evaluationAttacks, type RobustRunSpec, type RobustTrainConfig } from './robust-config.js';
import { buildCnn, cnn, type CnnSpec } from '../models/cnn.js';
import { saveModel } from '../io/node/model-file.js';
import type { JsonValue } from '../io/json.js';
import { ROBUST_SCHEMA, type RobustEpoch, type RobustRunResult } from './robust-results.js';
import type { TrainProgress } from './runner.js';

/** Seeds of the attack generators, offset from the run's seed so they differ from the weights' stream. */
const TRAIN_ATTACK_SEED = 1_000_003;
const EVAL_ATTACK_SEED = 2_000_003;

/** The raw split (pixels in [0, 1]) of a robust config, held-out samples cut from the end of the training part. */
export function loadRobustSplit(
  config: RobustTrainConfig,
  cache?: DatasetCache,
): DatasetSplit & { heldOut: DatasetSplit['train'] | null } {
  const options: AnyDatasetOptions = { trainSize: config.trainSize, testSize: config.testSize, seed: config.dataSeed };
  if (config.dataDir !== undefined) options.dataDir = config.dataDir;
  if (cache) options.cache = cache;
  const split = getDataset(canonicalDataset(config.dataset), options);
  if (split.train.featureShape.length !== 3)
    throw new RangeError(
      `robust: dataset '${config.dataset}' is not an image set ([channels, height, width]); the study's CNN needs mnist or fashion-mnist`,
    );
  const h = config.heldOut;
  if (h <= 0) return { ...split, heldOut: null };
  if (h >= split.train.n)
    throw new RangeError(`robust: heldOut ${h} leaves no training samples of the ${split.train.n}`);
  const keep = Array.from({ length: split.train.n - h }, (_, i) => i);
  const held = Array.from({ length: h }, (_, i) => split.train.n - h + i);
  return { train: subset(split.train, keep), test: split.test, heldOut: subset(split.train, held) };
}

export interface RobustRunOptions {
  cache?: DatasetCache;
  progress?: (p: TrainProgress) => void;
}

/** Trains and evaluates one run; returns its result and the trained network. */
export function robustRun(
  act: string,
  seed: number,
  config: RobustTrainConfig,
  options: RobustRunOptions = {},
): { result: RobustRunResult; model: Sequential; spec: CnnSpec } {
  const split = loadRobustSplit(config, options.cache);
  const activation = resolveActivation(act);
  manualSeed(seed);
  const [channels, height, width] = split.train.featureShape as [number, number, number];
  const spec: CnnSpec = {
    kind: 'cnn',
    inputShape: [channels, height, width],
    classes: split.train.numClasses,
    channels: config.channels,
    hidden: config.hidden,
    activation: { id: activation.id, params: {} },
  };
  const model = buildCnn({ ...spec, activation, generator: new Generator(seed) });
  const optimizer = new Adam(model.parameters(), { lr: config.lr });
  const t = config.training;
  const history: RobustEpoch[] = [];
  const epochs = config.epochs;
  const report = options.progress;
  let running = 0;
  let seen = 0;
  const stopper = split.heldOut
    ? robustEarlyStopping({
        data: split.heldOut,
        attack: { attack: 'pgd', eps: t.eps, steps: 10, generator: new Generator(seed + EVAL_ATTACK_SEED) },
        onCheck: (c) => (history[history.length - 1]!.heldOutRobust = c.robustAccuracy),
      })
    : undefined;
  const started = performance.now();
  const fitted = fit(model, split.train, {
    optimizer,
    epochs,
    batchSize: config.batchSize,
    seed,
    scheduler: new CosineAnnealingLR(optimizer, { tMax: epochs }),
    checkFinite: false,
    transformBatch: adversarialTraining({
      attack: t.attack,
      eps: t.eps,
      ...(t.alpha !== undefined ? { alpha: t.alpha } : {}),
      steps: t.steps,
      cleanStart: t.cleanStart,
      warmup: t.warmup,
      generator: new Generator(seed + TRAIN_ATTACK_SEED),
    }),
    callbacks: [
      {
        onEpochBegin: () => {
          running = 0;
          seen = 0;
        },
        onStepEnd: (s) => {
          running += s.loss * s.batchSize;
          seen += s.batchSize;
          if (report && (s.batch % Math.max(1, Math.floor(s.batches / 40)) === 0 || s.batch === s.batches))
            report({ epoch: s.epoch, epochs: epochs + 1, step: s.batch, steps: s.batches, loss: running / seen });
        },
        // Before the stopper's check, which fills in heldOutRobust of this epoch.
        onEpochEnd: (log) =>
          void history.push({
            epoch: log.epoch,
            trainLoss: log.loss,
            trainAccuracy: log.accuracy ?? NaN,
            seconds: log.seconds,
          }),
      },
      ...(stopper ? [stopper] : []),
    ],
  });
  const trainSeconds = (performance.now() - started) / 1000;

  const plan = evaluationAttacks(config.evaluation);
  const evalStart = performance.now();
  const gen = new Generator(seed + EVAL_ATTACK_SEED + 1);
  const batches = Math.ceil(split.test.n / 128);
  const r = evaluate(
    model,
    split.test,
    plan.map((a) => ({ ...a.spec, ...(a.spec.attack === 'fgsm' ? {} : { generator: gen }) })),
    {
      batchSize: 128,
      onProgress: (p) =>
        report?.({
          epoch: epochs + 1,
          epochs: epochs + 1,
          step: Math.round((batches * p.done) / p.total),
          steps: batches,
          loss: NaN,
        }),
    },
  );
  const evalSeconds = (performance.now() - evalStart) / 1000;
  const outcome = (role: string): number => r.attacks[plan.findIndex((a) => a.role === role)]!.robustAccuracy;
  // Worst case over every attack at the study's ε (the curve's point at ε included), per sample.
  const main = plan
    .map((a, i) => (a.spec.eps === config.evaluation.eps ? r.attacks[i]!.correct : null))
    .filter((c) => c !== null);
  const worst = r.clean.reduce((n, c, i) => n + (c && main.every((m) => m[i] === 1) ? 1 : 0), 0) / r.n;
  const best = stopper?.best();
  const result: RobustRunResult = {
    schema: ROBUST_SCHEMA,
    key: `${act}/seed${seed}`,
    fingerprint: '',
    act,
    seed,
    config,
    network: cnn.describe(spec),
    history,
    ...(fitted.stopped ? { stopped: fitted.stopped } : {}),
    evaluatedEpoch: best && history[history.length - 1]?.epoch !== best.epoch ? best.epoch : history.length,
    cleanAccuracy: r.cleanAccuracy,
    attacks: plan.map((a, i) => ({
      role: a.role,
      name: r.attacks[i]!.name,
      eps: a.spec.eps,
      robustAccuracy: r.attacks[i]!.robustAccuracy,
      seconds: r.attacks[i]!.seconds,
    })),
    pgd: outcome('pgd'),
    apgd: outcome('apgd'),
    worstCase: worst,
    warnings: r.warnings,
    trainSeconds,
    evalSeconds,
    finishedAt: new Date().toISOString(),
  };
  return { result, model, spec };
}

/**
 * A planned run (a pool task): {@link robustRun} with the run's key and fingerprint, saving the
 * network when the run says where (a model folder `actlab attack --model` reads; pixels in [0, 1],
 * no standardisation to record).
 */
export function robustSpecRun(run: RobustRunSpec, options: RobustRunOptions = {}): RobustRunResult {
  const { result, model, spec } = robustRun(run.act, run.seed, run.config, options);
  const out = { ...result, key: run.key, fingerprint: run.fingerprint };
  if (run.saveTo)
    saveModel(run.saveTo, model, {
      builder: spec,
      input: { shape: [...spec.inputShape], dataset: run.config.dataset },
      metadata: {
        study: 'robust',
        act: run.act,
        seed: run.seed,
        fingerprint: run.fingerprint,
        config: JSON.parse(JSON.stringify(run.config)) as JsonValue,
        cleanAccuracy: result.cleanAccuracy,
        worstCase: result.worstCase,
      },
    });
  return out;
}
