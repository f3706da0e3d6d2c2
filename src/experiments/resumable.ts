/**
 * The resumable, shardable loop of the experiments that are not `compare` (converge, selu): a
 * plan of tasks, each with a unique key and the fingerprint of its configuration, run on the
 * worker pool; each finished task appended as one line to a JSONL file in the output folder, so
 * a rerun skips what is done and an interrupted run loses at most the tasks in flight. Shards take
 * the plan round-robin (as compare's do) and may share one folder or be copied together later.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shardRuns } from './config.js';
import { runTasks } from './pool.js';
import { appendResult, latestByKey, readJsonLines, repairResults } from './results.js';
import { ExperimentMismatchError } from './runner.js';

/** What a line of an experiment's JSONL file must be. */
export interface JsonlFormat<T> {
  /** Whether a parsed line is a result. */
  accept(value: unknown): value is T;
  /** What a result needs, for the error message ("key, fingerprint, act, curve"). */
  needs: string;
  schema: number;
}

/** What every planned task and every stored result carries. */
export interface Keyed {
  key: string;
  fingerprint: string;
}

export interface ResumableEvents<T, R, P> {
  /** Before training: tasks of this shard, how many were finished before, those to run now. */
  plan?(info: { shardTasks: T[]; finished: number; toRun: T[] }): void;
  start?(task: T, worker: number): void;
  progress?(task: T, p: P): void;
  done?(task: T, result: R, doneCount: number, total: number): void;
}

export interface ResumableOptions<T extends Keyed, R extends Keyed & { schema: number }, P> {
  outDir: string;
  /** The JSONL file inside `outDir` ("converge.jsonl"). */
  file: string;
  format: JsonlFormat<R>;
  /** Every task of the experiment, in plan order (all shards). */
  tasks: readonly T[];
  /** Written to `outDir/experiment.json` so the folder says what it holds. */
  describe: object;
  shard?: { index: number; count: number };
  /** Worker threads; 0 runs in this thread. */
  workers: number;
  /** The task module (`runTask(task, progress)`) the workers import. */
  module: URL;
  events?: ResumableEvents<T, R, P>;
  /** How a result of another configuration is named in the mismatch error ("6 epochs, target 0.1"). */
  summarizeForeign?(r: R): string;
}

export interface ResumableOutcome<R> {
  /** Every result the folder holds for this configuration (all shards that wrote here), in plan order. */
  all: R[];
  /** This shard's results, in plan order. */
  mine: R[];
  /** Keys of this shard's tasks without a result. */
  missing: string[];
  ran: number;
  skipped: number;
}

/**
 * The task module URL of `name` beside this file: the compiled .js, or the .ts source under
 * tsx/vitest (where the pool boots workers through tsx).
 */
export function taskModuleUrl(name: string): URL {
  return new URL(import.meta.url.endsWith('.ts') ? `./${name}.ts` : `./${name}.js`, import.meta.url);
}

/** Runs (or resumes) the tasks of this shard that have no result yet in `outDir/file`. */
export async function runResumable<T extends Keyed, R extends Keyed & { schema: number }, P>(
  o: ResumableOptions<T, R, P>,
): Promise<ResumableOutcome<R>> {
  const path = join(o.outDir, o.file);
  const fp = o.tasks[0]?.fingerprint;
  const previous = readJsonLines(path, o.format.accept, {
    what: `a result (needs ${o.format.needs})`,
    schema: o.format.schema,
  }).records;
  const foreign = previous.find((r) => r.fingerprint !== fp);
  if (foreign && fp !== undefined) {
    throw new ExperimentMismatchError(
      `${path} holds results of another configuration (fingerprint ${foreign.fingerprint}` +
        `${o.summarizeForeign ? `, ${o.summarizeForeign(foreign)}` : ''}; this one is ${fp}); choose another --out folder`,
    );
  }
  repairResults(path);
  const finished = latestByKey(previous);
  const mine = o.shard ? shardRuns(o.tasks, o.shard.index, o.shard.count) : [...o.tasks];
  const toRun = mine.filter((t) => !finished.has(t.key));
  writeFileSync(
    join(o.outDir, 'experiment.json'),
    `${JSON.stringify({ ...o.describe, shard: o.shard ?? null }, null, 2)}\n`,
  );
  o.events?.plan?.({ shardTasks: mine, finished: mine.length - toRun.length, toRun });
  let doneCount = mine.length - toRun.length;
  await runTasks<T, R, P>(toRun, {
    workers: o.workers,
    module: o.module,
    onStart: (i, w) => o.events?.start?.(toRun[i]!, w),
    onProgress: (i, p) => o.events?.progress?.(toRun[i]!, p),
    onResult: (i, result) => {
      const stored = o.shard ? { ...result, shard: { ...o.shard } } : result;
      appendResult(path, stored);
      finished.set(stored.key, stored);
      o.events?.done?.(toRun[i]!, stored, ++doneCount, mine.length);
    },
  });
  const inPlan = (tasks: readonly T[]): R[] =>
    tasks.map((t) => finished.get(t.key)).filter((r): r is R => r !== undefined);
  return {
    all: inPlan(o.tasks),
    mine: inPlan(mine),
    missing: mine.filter((t) => !finished.has(t.key)).map((t) => t.key),
    ran: toRun.length,
    skipped: mine.length - toRun.length,
  };
}
