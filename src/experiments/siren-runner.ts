/**
 * Runs (or resumes) an `actlab siren` experiment in a folder: one fit per network × seed on the
 * worker pool, each finished fit appended to results.jsonl (a rerun skips those of the same
 * configuration), then the report and its figures. Like compare's runner, but for image fits.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTasks } from './pool.js';
import { appendResult, latestByKey, readJsonLines, repairResults } from './results.js';
import { ExperimentMismatchError, RESULTS_FILE } from './runner.js';
import type { FitProgress, FitSettings } from './siren-fit.js';
import { networkKey } from './siren-networks.js';
import { writeSirenReport } from './siren-report.js';
import {
  SIREN_RESULT_SCHEMA,
  isSirenResult,
  type SirenConfig,
  type SirenResult,
  type SirenTask,
} from './siren-task.js';

export type { SirenConfig } from './siren-task.js';

export interface SirenEvents {
  plan?(info: { total: number; finished: number; toRun: SirenTask[] }): void;
  start?(task: SirenTask): void;
  progress?(task: SirenTask, p: FitProgress): void;
  done?(task: SirenTask, result: SirenResult, doneCount: number, total: number): void;
}

export interface SirenOutcome {
  results: SirenResult[];
  ran: number;
  skipped: number;
  files: string[];
}

/** A short hash of everything that decides a fit's numbers except the network and the seed. */
export function sirenFingerprint(c: SirenConfig): string {
  const pixels = createHash('sha256')
    .update(new Uint8Array(c.pixels.buffer, c.pixels.byteOffset, c.pixels.byteLength))
    .digest('hex');
  const settings = { side: c.side, hidden: c.hidden, layers: c.layers, steps: c.steps, lr: c.lr, logEvery: c.logEvery };
  return createHash('sha256')
    .update(JSON.stringify({ pixels, ...settings }))
    .digest('hex')
    .slice(0, 12);
}

/** Every fit: networks in the given order, seeds ascending within each. */
export function sirenTasks(c: SirenConfig): SirenTask[] {
  const fingerprint = sirenFingerprint(c);
  const settings: FitSettings = { hidden: c.hidden, layers: c.layers, steps: c.steps, lr: c.lr, logEvery: c.logEvery };
  return c.networks.flatMap((network) =>
    c.seeds.map((seed) => ({
      key: `${networkKey(network)}/seed${seed}`,
      fingerprint,
      network,
      seed,
      side: c.side,
      settings,
      pixels: c.pixels,
    })),
  );
}

/** Runs the fits not yet in `outDir/results.jsonl` and writes the report. */
export async function runSiren(
  config: SirenConfig,
  options: { outDir: string; workers: number; events?: SirenEvents; taskModule?: URL },
): Promise<SirenOutcome> {
  const tasks = sirenTasks(config);
  const resultsPath = join(options.outDir, RESULTS_FILE);
  const previous = readJsonLines(resultsPath, isSirenResult, {
    what: 'a siren fit result (needs kind "siren", key, fingerprint, curve, images)',
    schema: SIREN_RESULT_SCHEMA,
  }).records;
  const foreign = previous.find((r) => r.fingerprint !== tasks[0]?.fingerprint);
  if (foreign && tasks.length > 0) {
    throw new ExperimentMismatchError(
      `${resultsPath} holds fits of another configuration (fingerprint ${foreign.fingerprint}: ${foreign.side}×${foreign.side}, ` +
        `${foreign.settings.steps} steps, hidden ${foreign.settings.hidden}×${foreign.settings.layers}, lr ${foreign.settings.lr}; ` +
        `this one is ${tasks[0]!.fingerprint}); choose another --out folder`,
    );
  }
  repairResults(resultsPath);
  const finished = latestByKey(previous);
  const toRun = tasks.filter((t) => !finished.has(t.key));
  const { pixels: _pixels, ...described } = config;
  writeFileSync(join(options.outDir, 'experiment.json'), `${JSON.stringify(described, null, 2)}\n`);
  options.events?.plan?.({ total: tasks.length, finished: tasks.length - toRun.length, toRun });
  let doneCount = tasks.length - toRun.length;
  await runTasks<SirenTask, SirenResult, FitProgress>(toRun, {
    workers: options.workers,
    module:
      options.taskModule ??
      new URL(import.meta.url.endsWith('.ts') ? './siren-task.ts' : './siren-task.js', import.meta.url),
    onStart: (i) => options.events?.start?.(toRun[i]!),
    onProgress: (i, p) => options.events?.progress?.(toRun[i]!, p),
    onResult: (i, result) => {
      appendResult(resultsPath, result);
      finished.set(result.key, result);
      options.events?.done?.(toRun[i]!, result, ++doneCount, tasks.length);
    },
  });
  const results = tasks.map((t) => finished.get(t.key)).filter((r): r is SirenResult => r !== undefined);
  const files = await writeSirenReport(options.outDir, results, config);
  return { results, ran: toRun.length, skipped: tasks.length - toRun.length, files };
}
