/**
 * Joins the results of shards (or of resumed or repeated experiments) into one folder and one
 * report. Inputs are folders holding results.jsonl, or the .jsonl files themselves; every result
 * must share one configuration fingerprint. A run found twice keeps its last copy.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runKey } from './config.js';
import { writeReport } from './report.js';
import { latestByKey, readResults, type RunResult } from './results.js';
import { ExperimentMismatchError, RESULTS_FILE } from './runner.js';
import type { ExperimentSummary } from './summary.js';

export interface MergeOutcome {
  results: RunResult[];
  /** Runs found in more than one input. */
  duplicates: number;
  summary: ExperimentSummary;
  files: string[];
}

/** The results.jsonl an input names: the file itself, or the one inside a folder. */
export function resultsFileOf(input: string): string {
  const path = existsSync(input) && statSync(input).isDirectory() ? join(input, RESULTS_FILE) : input;
  if (!existsSync(path))
    throw new ExperimentMismatchError(
      `${input}: no ${RESULTS_FILE} there (expected a compare --out folder or a .jsonl file)`,
    );
  return path;
}

/** Reads every input, checks they belong to one experiment, and de-duplicates by run key. */
export function collectResults(inputs: readonly string[]): { results: RunResult[]; duplicates: number } {
  const all: RunResult[] = [];
  let fp: { value: string; from: string } | undefined;
  for (const input of inputs) {
    const file = resultsFileOf(input);
    for (const r of readResults(file).results) {
      fp ??= { value: r.fingerprint, from: file };
      if (r.fingerprint !== fp.value) {
        throw new ExperimentMismatchError(
          `${file} holds results of another configuration (fingerprint ${r.fingerprint}) than ${fp.from} (${fp.value}); ` +
            'only shards of one experiment can be merged',
        );
      }
      all.push(r);
    }
  }
  const byKey = latestByKey(all);
  return { results: [...byKey.values()], duplicates: all.length - byKey.size };
}

/** The plan (activation order and every run key) recorded in the results, unioned. */
function planOf(results: readonly RunResult[]): { order: string[]; keys: string[] } {
  const acts: string[] = [];
  const seeds = new Set<number>();
  for (const r of results) {
    for (const a of r.plan?.acts ?? [r.act]) if (!acts.includes(a)) acts.push(a);
    for (const s of r.plan?.seeds ?? [r.seed]) seeds.add(s);
  }
  const sorted = [...seeds].sort((a, b) => a - b);
  return { order: acts, keys: acts.flatMap((a) => sorted.map((s) => runKey(a, s))) };
}

/** Merges `inputs` into `outDir`: results.jsonl in plan order, report.md and the charts. */
export async function mergeExperiments(inputs: readonly string[], outDir: string): Promise<MergeOutcome> {
  if (inputs.length === 0) throw new RangeError('mergeExperiments: give at least one folder or results.jsonl');
  const { results, duplicates } = collectResults(inputs);
  const { order, keys } = planOf(results);
  const rank = new Map(keys.map((k, i) => [k, i]));
  results.sort((a, b) => (rank.get(a.key) ?? Infinity) - (rank.get(b.key) ?? Infinity));
  writeFileSync(join(outDir, RESULTS_FILE), results.map((r) => `${JSON.stringify(r)}\n`).join(''));
  const { summary, files } = await writeReport(outDir, results, {
    order,
    plannedKeys: keys,
    provenance: `Merged from ${inputs.length} input${inputs.length === 1 ? '' : 's'} (${inputs.join(', ')}).`,
  });
  return { results, duplicates, summary, files: [join(outDir, RESULTS_FILE), ...files] };
}
