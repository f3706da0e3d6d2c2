/**
 * Runs (or resumes) an `actlab selu` study in a folder on the worker pool — one line per finished
 * network in selu.jsonl, this shard's slice of the plan — and writes the report from every result
 * the folder holds.
 */
import { runResumable, taskModuleUrl, type ResumableEvents } from './resumable.js';
import { seluSettingsOf, seluTasks, type SeluConfig, type SeluTask } from './selu-config.js';
import { writeSeluReport, type SeluSummary } from './selu-report.js';
import { SELU_FILE, seluFormat, type SeluProgress, type SeluRunResult } from './selu-run.js';

export interface SeluOutcome {
  results: SeluRunResult[];
  ran: number;
  skipped: number;
  summary: SeluSummary;
  files: string[];
}

export async function runSelu(
  config: SeluConfig,
  options: {
    outDir: string;
    workers: number;
    shard?: { index: number; count: number };
    events?: ResumableEvents<SeluTask, SeluRunResult, SeluProgress>;
  },
): Promise<SeluOutcome> {
  const tasks = seluTasks(config);
  const outcome = await runResumable<SeluTask, SeluRunResult, SeluProgress>({
    outDir: options.outDir,
    file: SELU_FILE,
    format: seluFormat,
    tasks,
    describe: config,
    workers: options.workers,
    module: taskModuleUrl('selu-task'),
    summarizeForeign: (r) => `${r.init.mean.length} layers`,
    ...(options.shard ? { shard: options.shard } : {}),
    ...(options.events ? { events: options.events } : {}),
  });
  const provenance = options.shard
    ? `This folder ran shard ${options.shard.index}/${options.shard.count}; the report shows every network the folder holds.`
    : undefined;
  const { summary, files } = await writeSeluReport(
    options.outDir,
    outcome.all,
    seluSettingsOf(config),
    config.variants,
    {
      plannedKeys: tasks.map((t) => t.key),
      ...(provenance ? { provenance } : {}),
    },
  );
  return { results: outcome.all, ran: outcome.ran, skipped: outcome.skipped, summary, files };
}
