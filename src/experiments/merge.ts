/**
 * Joins the results of shards (or of resumed or repeated experiments) into one folder and one
 * report. Inputs are compare folders holding results.jsonl (or the .jsonl files themselves), or
 * dead folders holding dead.json; every input must belong to one configuration. A run found
 * twice keeps its last copy. Shards of the plan with no (or not all) results are listed.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeMissingShards, missingShards, runKey, type MissingShard } from './config.js';
import {
  DEAD_FILE,
  deadKey,
  deadPlanKeys,
  readDeadDocument,
  writeDeadReport,
  type DeadDocument,
} from './dead-report.js';
import { writeReport } from './report.js';
import { ROBUST_FILE } from './robust-results.js';
import { latestByKey, readResults, type RunResult } from './results.js';
import { ExperimentMismatchError, RESULTS_FILE } from './runner.js';
import type { ExperimentSummary } from './summary.js';

export interface MergeOutcome {
  results: RunResult[];
  /** Runs found in more than one input. */
  duplicates: number;
  summary: ExperimentSummary;
  /** Shards of the plan (as the inputs were sharded) with runs no input holds. */
  missingShards: MissingShard[];
  files: string[];
}

/** What kind of experiment folder an input is: compare (results.jsonl), dead (dead.json) or robust (robust.jsonl). */
export function inputKind(input: string): 'compare' | 'dead' | 'robust' {
  const dir = existsSync(input) && statSync(input).isDirectory();
  if (dir ? existsSync(join(input, ROBUST_FILE)) : input.endsWith(ROBUST_FILE)) return 'robust';
  if (dir ? existsSync(join(input, DEAD_FILE)) && !existsSync(join(input, RESULTS_FILE)) : input.endsWith('.json'))
    return 'dead';
  return 'compare';
}

/** The shard count the results were run with, when they agree on one. */
function shardCountOf(shards: readonly ({ count: number } | null | undefined)[]): number | undefined {
  const counts = new Set(shards.filter((s) => s).map((s) => s!.count));
  return counts.size === 1 ? [...counts][0] : undefined;
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
  const count = shardCountOf(results.map((r) => r.shard));
  const missing = count === undefined ? [] : missingShards(keys, new Set(results.map((r) => r.key)), count);
  const provenance = [
    `Merged from ${inputs.length} input${inputs.length === 1 ? '' : 's'} (${inputs.join(', ')}).`,
    ...(missing.length > 0 ? [`**Missing shards:** ${describeMissingShards(missing)}.`] : []),
  ].join(' ');
  const { summary, files } = await writeReport(outDir, results, { order, plannedKeys: keys, provenance });
  return { results, duplicates, summary, missingShards: missing, files: [join(outDir, RESULTS_FILE), ...files] };
}

/** What {@link mergeDead} joined. */
export interface DeadMergeOutcome {
  doc: DeadDocument;
  duplicates: number;
  /** Planned networks no input holds. */
  missing: string[];
  missingShards: MissingShard[];
  files: string[];
}

/** Joins the dead.json of `actlab dead` shards into `outDir` (dead.json and the charts). */
export async function mergeDead(inputs: readonly string[], outDir: string): Promise<DeadMergeOutcome> {
  if (inputs.length === 0) throw new RangeError('mergeDead: give at least one folder or dead.json');
  const docs = inputs.map((input) => {
    const path = existsSync(input) && statSync(input).isDirectory() ? join(input, DEAD_FILE) : input;
    if (!existsSync(path))
      throw new ExperimentMismatchError(`${input}: no ${DEAD_FILE} there (expected an actlab dead --out folder)`);
    return { path, doc: readDeadDocument(path) };
  });
  const first = docs[0]!;
  const planText = (d: DeadDocument): string => JSON.stringify(d.plan);
  for (const { path, doc } of docs) {
    if (doc.fingerprint !== first.doc.fingerprint || planText(doc) !== planText(first.doc)) {
      throw new ExperimentMismatchError(
        `${path} is another dead experiment (configuration ${doc.fingerprint}, plan ${planText(doc)}) than ${first.path} ` +
          `(${first.doc.fingerprint}, ${planText(first.doc)}); only shards of one experiment can be merged`,
      );
    }
  }
  const byKey = new Map(docs.flatMap(({ doc }) => doc.results.map((r) => [deadKey(r.act, r.lr), r] as const)));
  const planned = deadPlanKeys(first.doc.plan);
  const total = docs.reduce((n, { doc }) => n + doc.results.length, 0);
  const doc: DeadDocument = {
    ...first.doc,
    shard: null,
    results: planned.filter((k) => byKey.has(k)).map((k) => byKey.get(k)!),
  };
  const have = new Set(byKey.keys());
  const count = shardCountOf(docs.map(({ doc: d }) => d.shard));
  const files = await writeDeadReport(outDir, doc);
  return {
    doc,
    duplicates: total - byKey.size,
    missing: planned.filter((k) => !have.has(k)),
    missingShards: count === undefined ? [] : missingShards(planned, have, count),
    files,
  };
}
