/**
 * `--shard i/n | auto` and `--shard-count n`: which deterministic slice of an experiment's runs
 * this process trains. `auto` reads the slice from the job-array variables of the scheduler that
 * started the process, so one command line serves every task of the array:
 *
 * - Kubernetes Indexed Jobs set `JOB_COMPLETION_INDEX` (0-based) but not the number of
 *   completions, so `--shard-count` gives it.
 * - Slurm job arrays set `SLURM_ARRAY_TASK_ID`, `SLURM_ARRAY_TASK_COUNT`, and `SLURM_ARRAY_TASK_MIN`
 *   / `SLURM_ARRAY_TASK_STEP` (arrays often start at 1: `--array=1-8`); the shard index is
 *   (id − min) / step.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { UsageError } from './errors.js';
import { intArg } from './options.js';

/** A deterministic slice "i/n" of the runs: shard i (0-based) of n. */
export interface Shard {
  index: number;
  count: number;
}

/** A resolved shard and where it came from (for the log line). */
export interface ResolvedShard extends Shard {
  /** "--shard 1/4", "SLURM_ARRAY_TASK_ID=3 of SLURM_ARRAY_TASK_COUNT=4"… */
  source: string;
}

/** Parses "i/n" or "auto". */
export function shardArg(text: string): Shard | 'auto' {
  if (text.trim() === 'auto') return 'auto';
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new InvalidArgumentError(`expected i/n with 0 ≤ i < n (e.g. 0/4), or auto, got '${text}'`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index >= count)
    throw new InvalidArgumentError(
      `the shard index must be in 0..${Math.max(0, count - 1)} for ${count} shards, got '${text}'`,
    );
  return { index, count };
}

/** Adds `--shard` and `--shard-count`; `what` names the units sharded ("runs", "networks"). */
export function addShardOptions(cmd: Command, what: string): Command {
  return cmd
    .addOption(
      new Option(
        '--shard <i/n|auto>',
        `train only shard i of n (0-based, round-robin over the ${what}), e.g. one per machine; auto: the index (and count) ` +
          'from the job array: JOB_COMPLETION_INDEX (Kubernetes Indexed Job, with --shard-count) or SLURM_ARRAY_TASK_ID/' +
          'SLURM_ARRAY_TASK_COUNT (Slurm); join the folders with actlab merge (default: all)',
      ).argParser(shardArg),
    )
    .addOption(
      new Option(
        '--shard-count <n>',
        "number of shards for --shard auto: a Kubernetes Indexed Job's completions (default: none; for Slurm, SLURM_ARRAY_TASK_COUNT)",
      ).argParser(intArg(1)),
    );
}

type Env = Readonly<Record<string, string | undefined>>;

/** A variable that must hold a non-negative integer. */
function envInt(env: Env, name: string): number {
  const text = env[name]!;
  if (!/^\s*\d+\s*$/.test(text))
    throw new UsageError(`--shard auto: ${name}=${JSON.stringify(text)} is not a non-negative integer`);
  return Number(text);
}

/**
 * The shard to run from `--shard` / `--shard-count` and the environment.
 * @throws UsageError (one line, exit 2) when the variables are missing, not integers, or
 *   inconsistent with each other or with `--shard-count`.
 */
export function resolveShard(
  shard: Shard | 'auto' | undefined,
  shardCount: number | undefined,
  env: Env = process.env,
): ResolvedShard | undefined {
  if (shard === undefined) {
    if (shardCount !== undefined) throw new UsageError('--shard-count goes with --shard auto');
    return undefined;
  }
  if (shard !== 'auto') {
    if (shardCount !== undefined && shardCount !== shard.count)
      throw new UsageError(
        `--shard ${shard.index}/${shard.count} and --shard-count ${shardCount} disagree on the number of shards`,
      );
    return { ...shard, source: `--shard ${shard.index}/${shard.count}` };
  }
  const k8s = env.JOB_COMPLETION_INDEX !== undefined;
  const slurm = env.SLURM_ARRAY_TASK_ID !== undefined;
  if (k8s && slurm) {
    throw new UsageError(
      '--shard auto: both JOB_COMPLETION_INDEX (Kubernetes) and SLURM_ARRAY_TASK_ID (Slurm) are set; unset one, or pass --shard i/n',
    );
  }
  if (k8s) {
    const index = envInt(env, 'JOB_COMPLETION_INDEX');
    if (shardCount === undefined) {
      throw new UsageError(
        `--shard auto: JOB_COMPLETION_INDEX=${index} (a Kubernetes Indexed Job) gives the index but not the count; add --shard-count N (the Job's completions)`,
      );
    }
    if (index >= shardCount)
      throw new UsageError(`--shard auto: JOB_COMPLETION_INDEX=${index} is not below --shard-count ${shardCount}`);
    return { index, count: shardCount, source: `JOB_COMPLETION_INDEX=${index} of --shard-count ${shardCount}` };
  }
  if (slurm) {
    const id = envInt(env, 'SLURM_ARRAY_TASK_ID');
    const envCount = env.SLURM_ARRAY_TASK_COUNT === undefined ? undefined : envInt(env, 'SLURM_ARRAY_TASK_COUNT');
    if (envCount !== undefined && shardCount !== undefined && envCount !== shardCount)
      throw new UsageError(`--shard auto: SLURM_ARRAY_TASK_COUNT=${envCount} but --shard-count ${shardCount}`);
    const count = envCount ?? shardCount;
    if (count === undefined || count < 1) {
      throw new UsageError(
        `--shard auto: SLURM_ARRAY_TASK_ID=${id} is set but SLURM_ARRAY_TASK_COUNT is ${count === undefined ? 'not' : '0'}; pass --shard-count N`,
      );
    }
    const min = env.SLURM_ARRAY_TASK_MIN === undefined ? 0 : envInt(env, 'SLURM_ARRAY_TASK_MIN');
    const step = env.SLURM_ARRAY_TASK_STEP === undefined ? 1 : envInt(env, 'SLURM_ARRAY_TASK_STEP');
    const offset = id - min;
    const index = offset / Math.max(step, 1);
    if (offset < 0 || !Number.isInteger(index) || index >= count) {
      throw new UsageError(
        `--shard auto: SLURM_ARRAY_TASK_ID=${id} does not fall on an array of ${count} tasks from ${min} in steps of ${step} ` +
          '(SLURM_ARRAY_TASK_MIN/STEP/COUNT); use a contiguous array (e.g. --array=0-' +
          `${count - 1}), or pass --shard i/n`,
      );
    }
    return { index, count, source: `SLURM_ARRAY_TASK_ID=${id} (task ${index + 1} of ${count})` };
  }
  throw new UsageError(
    '--shard auto: no job-array index in the environment (JOB_COMPLETION_INDEX for a Kubernetes Indexed Job, ' +
      'SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT for a Slurm job array); outside a job array pass --shard i/n',
  );
}
