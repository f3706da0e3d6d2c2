/**
 * Runs (or resumes) an `actlab converge` experiment in a folder on the worker pool — one line per
 * finished run in converge.jsonl, this shard's slice of the plan — and writes its report from
 * every result the folder holds (shards sharing a folder, or copied into one, give the full report).
 */
import { convergeSettingsOf, convergeTasks, type ConvergeConfig, type ConvergeTask } from './converge-config.js';
import { writeConvergeReport } from './converge-report.js';
import { CONVERGE_FILE, convergeFormat, type ConvergeProgress, type ConvergeRunResult } from './converge-run.js';
import type { ConvergeSummary } from './converge-summary.js';
import { runResumable, taskModuleUrl, type ResumableEvents } from './resumable.js';

export interface ConvergeOutcome {
  results: ConvergeRunResult[];
  ran: number;
  skipped: number;
  summary: ConvergeSummary;
  files: string[];
}

export async function runConverge(
  config: ConvergeConfig,
  options: {
    outDir: string;
    workers: number;
    shard?: { index: number; count: number };
    events?: ResumableEvents<ConvergeTask, ConvergeRunResult, ConvergeProgress>;
  },
): Promise<ConvergeOutcome> {
  const tasks = convergeTasks(config);
  const outcome = await runResumable<ConvergeTask, ConvergeRunResult, ConvergeProgress>({
    outDir: options.outDir,
    file: CONVERGE_FILE,
    format: convergeFormat,
    tasks,
    describe: config,
    workers: options.workers,
    module: taskModuleUrl('converge-task'),
    summarizeForeign: (r) => `${r.network}`,
    ...(options.shard ? { shard: options.shard } : {}),
    ...(options.events ? { events: options.events } : {}),
  });
  const missingElsewhere = tasks.length - outcome.all.length;
  const provenance = options.shard
    ? `This folder ran shard ${options.shard.index}/${options.shard.count}; the report shows every run the folder holds` +
      `${missingElsewhere > 0 ? ` (${missingElsewhere} of ${tasks.length} planned runs not here yet)` : ''}.`
    : undefined;
  const { summary, files } = await writeConvergeReport(options.outDir, outcome.all, convergeSettingsOf(config), {
    order: config.acts,
    plannedKeys: tasks.map((t) => t.key),
    ...(provenance ? { provenance } : {}),
  });
  return { results: outcome.all, ran: outcome.ran, skipped: outcome.skipped, summary, files };
}
