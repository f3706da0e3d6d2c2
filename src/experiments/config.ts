/**
 * What an experiment runs: the training configuration shared by every run, the runs it expands
 * to (activation × seed, in a fixed order), deterministic shards of them, and the fingerprint
 * that tells a finished run of THIS configuration from one of another.
 */
import { createHash } from 'node:crypto';

export const optimizerNames = ['sgd', 'adam', 'adamw', 'rmsprop'] as const;
export type OptimizerName = (typeof optimizerNames)[number];

/** Weight init: the layer's own default (torch's Kaiming-uniform with a = √5), or Kaiming/Xavier with the activation's gain. */
export const initNames = ['default', 'kaiming', 'xavier'] as const;
export type InitName = (typeof initNames)[number];

/** Which data a run trains on. Sizes are subset sizes; the split itself is fixed by `dataSeed`. */
export interface DataConfig {
  dataset: string;
  /** Training samples (file datasets: a seeded subset; synthetic sets: generated). */
  trainSize: number;
  testSize: number;
  /** Folder with Fashion-MNIST's IDX files, when not the default. */
  dataDir?: string;
  /** Seed of the data split (and of synthetic data), the same for every run so seeds vary only the model. */
  dataSeed: number;
}

/** Everything that decides a run's numbers except the activation and the seed. */
export interface TrainConfig extends DataConfig {
  hidden: number[];
  epochs: number;
  lr: number;
  optimizer: OptimizerName;
  batchSize: number;
  init: InitName;
}

/** An experiment: the same network trained once per activation × seed. */
export interface CompareConfig extends TrainConfig {
  acts: string[];
  seeds: number[];
}

/** One run, as sent to a worker. */
export interface RunSpec {
  /** `act/seedN`: unique within an experiment. */
  key: string;
  /** Hash of the {@link TrainConfig}: results with another fingerprint belong to another experiment. */
  fingerprint: string;
  act: string;
  seed: number;
  config: TrainConfig;
}

/** The {@link TrainConfig} part of a config, with keys in a fixed order. */
export function trainConfigOf(c: TrainConfig): TrainConfig {
  const out: TrainConfig = {
    dataset: c.dataset,
    trainSize: c.trainSize,
    testSize: c.testSize,
    dataSeed: c.dataSeed,
    hidden: [...c.hidden],
    epochs: c.epochs,
    lr: c.lr,
    optimizer: c.optimizer,
    batchSize: c.batchSize,
    init: c.init,
  };
  if (c.dataDir !== undefined) out.dataDir = c.dataDir;
  return out;
}

/**
 * A short stable hash of the training configuration. `dataDir` is left out: the same files in
 * another folder give the same numbers, and shards run on machines with different paths.
 */
export function fingerprint(c: TrainConfig): string {
  const { dataDir: _ignored, ...rest } = trainConfigOf(c);
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex').slice(0, 12);
}

export const runKey = (act: string, seed: number): string => `${act}/seed${seed}`;

/** Every run of an experiment: activations in the given order, seeds ascending within each. */
export function expandRuns(config: CompareConfig): RunSpec[] {
  const train = trainConfigOf(config);
  const fp = fingerprint(train);
  return config.acts.flatMap((act) =>
    config.seeds.map((seed) => ({ key: runKey(act, seed), fingerprint: fp, act, seed, config: train })),
  );
}

/**
 * Shard `index` of `count` (0-based): runs `index, index + count, index + 2·count…` of the full
 * list. Round-robin rather than contiguous blocks, so every shard gets a mix of activations
 * (their costs differ) and the shards of one experiment finish at about the same time.
 */
export function shardRuns<T>(runs: readonly T[], index: number, count: number): T[] {
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`shardRuns: expected 0 ≤ index < count, got index ${index}, count ${count}`);
  }
  return runs.filter((_, i) => i % count === index);
}
