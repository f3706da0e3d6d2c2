/**
 * Runs a compare experiment into a folder: expands activation × seed, takes this shard's slice,
 * skips runs already in `results.jsonl` (same key and configuration), trains the rest on a
 * worker pool appending one line per finished run, then writes the report.
 *
 * Every run seeds its own generators from its seed alone and the data split from `dataSeed`,
 * so a run's numbers do not depend on the worker it lands on, the number of workers, the
 * shard, or the order runs finish in.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expandRuns, shardRuns, type CompareConfig, type RunSpec } from './config.js';
import { runTasks } from './pool.js';
import { writeReport } from './report.js';
import { appendResult, latestByKey, readResults, repairResults, type RunResult } from './results.js';
import type { ExperimentSummary } from './summary.js';

/** Progress a training task reports (see train-task.ts). */
export interface TrainProgress {
  epoch: number;
  epochs: number;
  /** Batches done in this epoch, of `steps`. */
  step: number;
  steps: number;
  /** Running mean training loss of this epoch. */
  loss: number;
  /** Test accuracy of the last finished epoch, once there is one. */
  testAccuracy?: number;
}

/** Raised when an output folder holds results of another configuration. */
export class ExperimentMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExperimentMismatchError';
  }
}

export interface RunEvents {
  /** Before training: runs of this shard, those already finished, those to run now. */
  plan?(info: { shardRuns: RunSpec[]; finished: number; toRun: RunSpec[] }): void;
  start?(run: RunSpec, worker: number): void;
  progress?(run: RunSpec, p: TrainProgress): void;
  done?(run: RunSpec, result: RunResult, doneCount: number, total: number): void;
}

export interface RunExperimentOptions {
  outDir: string;
  /** Worker threads; 0 trains in this thread. */
  workers: number;
  shard?: { index: number; count: number };
  /** The task module that trains one run (default: train-task.js beside this file). */
  taskModule?: URL;
  /** Modules defining activations (the CLI's --import), loaded in every worker. */
  activationModules?: readonly string[];
  events?: RunEvents;
}

export interface ExperimentOutcome {
  /** This shard's results (finished before and now), in plan order. */
  results: RunResult[];
  ran: number;
  skipped: number;
  summary: ExperimentSummary;
  files: string[];
}

export const RESULTS_FILE = 'results.jsonl';

/** Runs (or resumes) an experiment in `outDir` and writes its report. */
export async function runExperiment(config: CompareConfig, options: RunExperimentOptions): Promise<ExperimentOutcome> {
  const all = expandRuns(config);
  const mine = options.shard ? shardRuns(all, options.shard.index, options.shard.count) : all;
  const resultsPath = join(options.outDir, RESULTS_FILE);
  const previous = readResults(resultsPath).results;
  const foreign = previous.find((r) => r.fingerprint !== all[0]?.fingerprint);
  if (foreign && all.length > 0) {
    throw new ExperimentMismatchError(
      `${resultsPath} holds results of another configuration (fingerprint ${foreign.fingerprint}, ` +
        `${foreign.config.dataset}, ${foreign.config.epochs} epochs, hidden ${foreign.config.hidden.join(',')}; ` +
        `this one is ${all[0]!.fingerprint}); choose another --out folder`,
    );
  }
  repairResults(resultsPath);
  const finished = latestByKey(previous);
  const toRun = mine.filter((r) => !finished.has(r.key));
  writeFileSync(
    join(options.outDir, 'experiment.json'),
    `${JSON.stringify({ ...config, shard: options.shard ?? null }, null, 2)}\n`,
  );
  options.events?.plan?.({ shardRuns: mine, finished: mine.length - toRun.length, toRun });

  const plan = { acts: [...config.acts], seeds: [...config.seeds] };
  let doneCount = mine.length - toRun.length;
  await runTasks<RunSpec, RunResult, TrainProgress>(toRun, {
    workers: options.workers,
    activationModules: options.activationModules,
    module:
      options.taskModule ??
      new URL(import.meta.url.endsWith('.ts') ? './train-task.ts' : './train-task.js', import.meta.url),
    onStart: (i, w) => options.events?.start?.(toRun[i]!, w),
    onProgress: (i, p) => options.events?.progress?.(toRun[i]!, p),
    onResult: (i, result) => {
      const withPlan: RunResult = { ...result, plan, ...(options.shard ? { shard: { ...options.shard } } : {}) };
      appendResult(resultsPath, withPlan);
      finished.set(withPlan.key, withPlan);
      options.events?.done?.(toRun[i]!, withPlan, ++doneCount, mine.length);
    },
  });

  const results = mine.map((r) => finished.get(r.key)).filter((r): r is RunResult => r !== undefined);
  const provenance = options.shard
    ? `This folder holds shard ${options.shard.index}/${options.shard.count} (${mine.length} of ${all.length} runs); join shards with \`actlab merge\`.`
    : undefined;
  const { summary, files } = await writeReport(options.outDir, results, {
    order: config.acts,
    plannedKeys: mine.map((r) => r.key),
    ...(provenance ? { provenance } : {}),
  });
  return { results, ran: toRun.length, skipped: mine.length - toRun.length, summary, files };
}
