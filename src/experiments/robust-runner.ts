/**
 * Runs (or resumes) the robust study into a folder, on the same machinery as compare: the runs
 * of this shard that `robust.jsonl` does not hold yet go to the worker pool, each finished run
 * is appended as one line, and the report is written from everything finished. `mergeRobust`
 * joins the folders of shards.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeMissingShards, missingShards, shardRuns, type MissingShard } from './config.js';
import { runTasks } from './pool.js';
import { appendResult, latestByKey, repairResults } from './results.js';
import { expandRobustRuns, type RobustConfig, type RobustRunSpec } from './robust-config.js';
import { writeRobustReport } from './robust-report.js';
import { ROBUST_FILE, readRobustResults, type RobustRunResult } from './robust-results.js';
import type { RobustSummary } from './robust-summary.js';
import { ExperimentMismatchError, type TrainProgress } from './runner.js';

export interface RobustEvents {
  plan?(info: { shardRuns: RobustRunSpec[]; finished: number; toRun: RobustRunSpec[] }): void;
  start?(run: RobustRunSpec, worker: number): void;
  progress?(run: RobustRunSpec, p: TrainProgress): void;
  done?(run: RobustRunSpec, result: RobustRunResult, doneCount: number, total: number): void;
}

export interface RunRobustOptions {
  outDir: string;
  workers: number;
  shard?: { index: number; count: number };
  events?: RobustEvents;
  /** The task module (default: robust-task beside this file). */
  taskModule?: URL;
  /** Save every trained network as `outDir/models/ACT-seedN` (default false). */
  saveModels?: boolean;
}

export interface RobustOutcome {
  results: RobustRunResult[];
  ran: number;
  skipped: number;
  summary: RobustSummary;
  files: string[];
  /** CPU time of this call, all threads (training and attacks in the workers included). */
  cpuSeconds: number;
}

/** CPU time (user + system, all threads of this process) since `start`, in seconds. */
function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
}

/** Runs the study's planned runs of this shard that are not finished yet, then writes the report. */
export async function runRobustExperiment(config: RobustConfig, options: RunRobustOptions): Promise<RobustOutcome> {
  const started = performance.now();
  const cpuStart = process.cpuUsage(); // this process: the main thread and every worker thread
  const all = expandRobustRuns(config);
  const mine = options.shard ? shardRuns(all, options.shard.index, options.shard.count) : all;
  const path = join(options.outDir, ROBUST_FILE);
  const previous = readRobustResults(path).results;
  const foreign = previous.find((r) => r.fingerprint !== all[0]?.fingerprint);
  if (foreign && all.length > 0) {
    throw new ExperimentMismatchError(
      `${path} holds results of another robust configuration (fingerprint ${foreign.fingerprint}, ` +
        `${foreign.config.dataset}, ε ${foreign.config.training.eps}, ${foreign.config.epochs} epochs; this one is ` +
        `${all[0]!.fingerprint}); choose another --out folder`,
    );
  }
  repairResults(path);
  const finished = latestByKey(previous);
  const toRun = mine
    .filter((r) => !finished.has(r.key))
    .map((r) => (options.saveModels ? { ...r, saveTo: join(options.outDir, 'models', `${r.act}-seed${r.seed}`) } : r));
  writeFileSync(
    join(options.outDir, 'experiment.json'),
    `${JSON.stringify({ study: 'robust', ...config, shard: options.shard ?? null }, null, 2)}\n`,
  );
  options.events?.plan?.({ shardRuns: mine, finished: mine.length - toRun.length, toRun });
  const plan = { acts: [...config.acts], seeds: [...config.seeds] };
  let doneCount = mine.length - toRun.length;
  await runTasks<RobustRunSpec, RobustRunResult, TrainProgress>(toRun, {
    workers: options.workers,
    module:
      options.taskModule ??
      new URL(import.meta.url.endsWith('.ts') ? './robust-task.ts' : './robust-task.js', import.meta.url),
    onStart: (i, w) => options.events?.start?.(toRun[i]!, w),
    onProgress: (i, p) => options.events?.progress?.(toRun[i]!, p),
    onResult: (i, result) => {
      const stored: RobustRunResult = { ...result, plan, ...(options.shard ? { shard: { ...options.shard } } : {}) };
      appendResult(path, stored);
      finished.set(stored.key, stored);
      options.events?.done?.(toRun[i]!, stored, ++doneCount, mine.length);
    },
  });
  const results = mine.map((r) => finished.get(r.key)).filter((r): r is RobustRunResult => r !== undefined);
  const provenance = options.shard
    ? `This folder holds shard ${options.shard.index}/${options.shard.count} (${mine.length} of ${all.length} runs); join shards with \`actlab merge\`.`
    : undefined;
  const { summary, files } = await writeRobustReport(options.outDir, results, {
    order: config.acts,
    plannedKeys: mine.map((r) => r.key),
    ...(provenance ? { provenance } : {}),
    ...(toRun.length === mine.length && toRun.length > 0
      ? { seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSecondsSince(cpuStart) }
      : {}),
  });
  return {
    results,
    ran: toRun.length,
    skipped: mine.length - toRun.length,
    summary,
    files,
    cpuSeconds: cpuSecondsSince(cpuStart),
  };
}

/** Whether a folder (or file) holds robust-study results. */
export function isRobustInput(input: string): boolean {
  return existsSync(input) && statSync(input).isDirectory()
    ? existsSync(join(input, ROBUST_FILE))
    : input.endsWith(ROBUST_FILE);
}

/** Joins the robust.jsonl of shards into `outDir` (robust.jsonl in plan order, report.md, charts). */
export async function mergeRobust(
  inputs: readonly string[],
  outDir: string,
): Promise<{
  results: RobustRunResult[];
  duplicates: number;
  summary: RobustSummary;
  missingShards: MissingShard[];
  files: string[];
}> {
  if (inputs.length === 0) throw new RangeError('mergeRobust: give at least one folder or robust.jsonl');
  const all: RobustRunResult[] = [];
  let fp: { value: string; from: string } | undefined;
  for (const input of inputs) {
    const file = existsSync(input) && statSync(input).isDirectory() ? join(input, ROBUST_FILE) : input;
    if (!existsSync(file))
      throw new ExperimentMismatchError(`${input}: no ${ROBUST_FILE} there (expected an actlab robust --out folder)`);
    for (const r of readRobustResults(file).results) {
      fp ??= { value: r.fingerprint, from: file };
      if (r.fingerprint !== fp.value)
        throw new ExperimentMismatchError(
          `${file} holds results of another robust configuration (fingerprint ${r.fingerprint}) than ${fp.from} (${fp.value}); ` +
            'only shards of one study can be merged',
        );
      all.push(r);
    }
  }
  const byKey = latestByKey(all);
  const acts: string[] = [];
  const seeds = new Set<number>();
  for (const r of byKey.values()) {
    for (const a of r.plan?.acts ?? [r.act]) if (!acts.includes(a)) acts.push(a);
    for (const s of r.plan?.seeds ?? [r.seed]) seeds.add(s);
  }
  const keys = acts.flatMap((a) => [...seeds].sort((x, y) => x - y).map((s) => `${a}/seed${s}`));
  const rank = new Map(keys.map((k, i) => [k, i]));
  const results = [...byKey.values()].sort((a, b) => (rank.get(a.key) ?? Infinity) - (rank.get(b.key) ?? Infinity));
  writeFileSync(join(outDir, ROBUST_FILE), results.map((r) => `${JSON.stringify(r)}\n`).join(''));
  // The shards of the plan with runs no input holds (when the inputs agree on a shard count).
  const counts = new Set(results.flatMap((r) => (r.shard ? [r.shard.count] : [])));
  const missing = counts.size === 1 ? missingShards(keys, new Set(byKey.keys()), [...counts][0]!) : [];
  const provenance = [
    `Merged from ${inputs.length} input${inputs.length === 1 ? '' : 's'} (${inputs.join(', ')}).`,
    ...(missing.length > 0 ? [`**Missing shards:** ${describeMissingShards(missing)}.`] : []),
  ].join(' ');
  const { summary, files } = await writeRobustReport(outDir, results, { order: acts, plannedKeys: keys, provenance });
  return {
    results,
    duplicates: all.length - byKey.size,
    summary,
    missingShards: missing,
    files: [join(outDir, ROBUST_FILE), ...files],
  };
}
