/**
 * What an experiment runs: the training configuration shared by every run, the runs it expands
 * to (activation × seed, in a fixed order), deterministic shards of them, and the fingerprint
 * that tells a finished run of THIS configuration from one of another.
 */
import { createHash } from 'node:crypto';
import type { InitScheme } from '../models/init.js';

export const optimizerNames = ['sgd', 'adam', 'adamw', 'rmsprop'] as const;
export type OptimizerName = (typeof optimizerNames)[number];

/** Weight init: the layer's own default (torch's Kaiming-uniform with a = √5), or Kaiming/Xavier with the activation's gain. */
export { initSchemes as initNames, type InitScheme as InitName } from '../models/init.js';

/** The networks an experiment can train (builders of src/models that classify). */
export const modelNames = ['mlp', 'cnn'] as const;
export type ModelName = (typeof modelNames)[number];

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
  /** The network (default 'mlp'); 'cnn' needs image data. */
  model?: ModelName;
  /** Hidden widths: the MLP's layers, or the CNN's dense layers after its conv blocks. */
  hidden: number[];
  epochs: number;
  lr: number;
  optimizer: OptimizerName;
  batchSize: number;
  init: InitScheme;
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
  // Written only when not the default, so configurations (and fingerprints) of MLP experiments
  // stay those of the versions before --model existed, and their results.jsonl still resume.
  if (c.model !== undefined && c.model !== 'mlp') out.model = c.model;
  return out;
}

/**
 * A short stable hash of the training configuration. `dataDir` is left out: the same files in
 * another folder give the same numbers, and shards run on machines with different paths.
 */
export function fingerprint(c: TrainConfig): string {
  return settingsFingerprint(trainConfigOf(c));
}

/**
 * A short stable hash (12 hex digits of SHA-256) of an experiment's settings, with keys in the
 * order the caller built them and the data folder left out (same files, same numbers), so a
 * results folder can tell whether it was made by the same configuration. Every experiment's
 * fingerprint goes through here, so they all hash the same way.
 */
export function settingsFingerprint(settings: object & { readonly dataDir?: string }): string {
  const { dataDir: _ignored, ...rest } = settings;
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

/** A shard of a plan with runs that no input holds. */
export interface MissingShard {
  index: number;
  count: number;
  /** Its planned run keys that have no result. */
  missing: string[];
  /** Runs the shard has in the plan. */
  planned: number;
}

/**
 * The shards of `count` (as {@link shardRuns} cuts the plan) that miss runs: a shard never run
 * misses all of its runs, an interrupted one some.
 */
export function missingShards(
  plannedKeys: readonly string[],
  have: ReadonlySet<string>,
  count: number,
): MissingShard[] {
  return Array.from({ length: count }, (_, index) => {
    const keys = shardRuns(plannedKeys, index, count);
    return { index, count, missing: keys.filter((k) => !have.has(k)), planned: keys.length };
  }).filter((s) => s.missing.length > 0);
}

/** "shard 2/4 (none of its 3 runs), shard 3/4 (1 of 3 runs missing: gelu/seed2)". */
export function describeMissingShards(shards: readonly MissingShard[]): string {
  return shards
    .map((s) =>
      s.missing.length === s.planned
        ? `shard ${s.index}/${s.count} (none of its ${s.planned} run${s.planned === 1 ? '' : 's'})`
        : `shard ${s.index}/${s.count} (${s.missing.length} of ${s.planned} runs missing: ${s.missing.join(', ')})`,
    )
    .join(', ');
}
