/**
 * The result of one run and `results.jsonl`, one finished run per line. Lines are appended when
 * a run finishes, so an interrupted experiment loses at most the run in flight; a torn last line
 * (the process killed mid-write) is dropped and cut off before the next append.
 */
import { appendFileSync, existsSync, readFileSync, truncateSync } from 'node:fs';
import type { TrainConfig } from './config.js';

export const RESULT_SCHEMA = 1;

/** Metrics after one epoch. Losses are mean cross-entropy; accuracies are fractions in [0, 1]. */
export interface EpochMetrics {
  epoch: number;
  /** Mean training loss over the epoch's batches (as the model changed during the epoch). */
  trainLoss: number;
  trainAccuracy: number;
  testLoss: number;
  testAccuracy: number;
  /** Wall time of the epoch's training (not the evaluation), in seconds. */
  seconds: number;
}

/** One finished run, as stored on one line of results.jsonl. */
export interface RunResult {
  schema: number;
  key: string;
  fingerprint: string;
  act: string;
  seed: number;
  config: TrainConfig;
  /** Features per sample and classes of the dataset: with `config.hidden` they give the network. */
  inputSize: number;
  /** Shape of one sample (absent in results written before it was recorded). */
  inputShape?: number[];
  numClasses: number;
  /** The network in one line ("784 → 64 → 64 → 10", "1×28×28 → conv16 → conv32 → 128 → 10"). */
  network?: string;
  history: EpochMetrics[];
  /** The last epoch's metrics. */
  final: Omit<EpochMetrics, 'epoch' | 'seconds'>;
  /** Mean training time per epoch, in seconds. */
  secondsPerEpoch: number;
  /** Fraction of hidden units never active on the whole training set after training, per hidden layer and overall. */
  deadFraction: number;
  deadFractionPerLayer: number[];
  /** L2 norm of the loss gradient w.r.t. each Linear layer's weight on a fixed batch: at init and after training. */
  gradNormInit: number[];
  gradNormFinal: number[];
  /** ISO time the run finished (not used for any number in the report). */
  finishedAt: string;
  /** The experiment this run belonged to (its activations and seeds), so a merge can list missing runs. */
  plan?: { acts: string[]; seeds: number[] };
  /** The shard of the plan that ran it (absent when the whole plan ran in one folder). */
  shard?: { index: number; count: number };
}

/** What {@link readResults} found. */
export interface ReadResults {
  results: RunResult[];
  /** A torn last line was found (and ignored). */
  torn: boolean;
}

function looksLikeResult(v: unknown): v is RunResult {
  const r = v as Partial<RunResult> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.key === 'string' &&
    typeof r.fingerprint === 'string' &&
    Array.isArray(r.history) &&
    typeof r.final === 'object'
  );
}

/**
 * Reads a JSONL results file (a missing file has no results). Blank lines are skipped; a last
 * line that is not a result is a torn write (the process killed mid-append) and is ignored.
 * @throws Error naming the file and line when a line other than the last is not a result.
 */
export function readResults(path: string): ReadResults {
  const { records, torn } = readJsonLines(path, looksLikeResult, {
    what: 'a run result (needs key, fingerprint, history, final)',
    schema: RESULT_SCHEMA,
  });
  return { results: records, torn };
}

/**
 * Reads a JSONL file of records that `isRecord` recognises, each with a `schema` field equal to
 * `schema` (a missing file has none). A last line that is not a record is a torn write and is
 * ignored (`torn`); any other bad line throws an Error naming the file and line. JSON has no NaN:
 * null reads back as NaN (diverged runs write their metrics as null).
 */
export function readJsonLines<T>(
  path: string,
  isRecord: (v: unknown) => v is T,
  { what, schema }: { what: string; schema: number },
): { records: T[]; torn: boolean } {
  if (!existsSync(path)) return { records: [], torn: false };
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const records: T[] = [];
  let torn = false;
  const name = path.split(/[\\/]/).pop();
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const last = i === lines.length - 1; // no newline after it: possibly cut mid-write
    let value: unknown;
    try {
      value = JSON.parse(line, (_key, v: unknown) => (v === null ? NaN : v));
    } catch {
      if (last) {
        torn = true;
        return;
      }
      throw new Error(`${path}:${i + 1}: not valid JSON; ${name} holds one JSON object per line`);
    }
    if (!isRecord(value)) {
      if (last) {
        torn = true;
        return;
      }
      throw new Error(`${path}:${i + 1}: not ${what}`);
    }
    const found = (value as { schema?: unknown }).schema;
    if (found !== schema) {
      throw new Error(`${path}:${i + 1}: result schema ${String(found)}, this actlab reads schema ${schema}`);
    }
    records.push(value);
  });
  return { records, torn };
}

/** Cuts a torn last line (everything after the last newline) so the next append starts a clean line. */
export function repairResults(path: string): void {
  if (!existsSync(path)) return;
  const text = readFileSync(path, 'utf8');
  if (text === '' || text.endsWith('\n')) return;
  truncateSync(path, Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1)));
}

/** Appends one result as one line (a single write, so a crash tears at most this line). */
export function appendResult(path: string, result: object): void {
  appendFileSync(path, `${JSON.stringify(result)}\n`);
}

/** The latest result per key (a key finished twice, e.g. after a merge, keeps its last line). */
export function latestByKey<R extends { key: string }>(results: readonly R[]): Map<string, R> {
  const byKey = new Map<string, R>();
  for (const r of results) byKey.set(r.key, r);
  return byKey;
}
