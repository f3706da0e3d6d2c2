/**
 * What `actlab notes` keeps and writes: DIR/notes.jsonl, one line per claim run (finished or
 * failed, with the command's --json summary and its wall time), and DIR/notes-report.md assembled
 * from those lines — so a rerun skips finished claims, shards that share (or are copied into) one
 * folder give one report, and the report can be rebuilt without running anything.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ClaimAssessment, NotesClaim, NotesSizes } from '../experiments/notes-claims.js';
import { appendResult, latestByKey, readJsonLines } from '../experiments/results.js';
import { ExperimentMismatchError } from '../experiments/runner.js';
import { markdownTable } from './output.js';

export const NOTES_FILE = 'notes.jsonl';
export const NOTES_REPORT = 'notes-report.md';
export const NOTES_SCHEMA = 1;

/** One line of notes.jsonl. */
export interface ClaimRecord {
  schema: number;
  kind: 'notes-claim';
  /** The claim id. */
  key: string;
  /** Of the sizes of every claim (see notesFingerprint): a folder holds one configuration. */
  fingerprint: string;
  sizes: NotesSizes;
  status: 'done' | 'failed';
  /** The command as run, without `actlab` (it is rerun as `actlab …` without --json). */
  argv: string[];
  /** Wall seconds of the invocation that finished (or failed) the claim. */
  seconds: number;
  /** The command's --json output (done). */
  output?: unknown;
  /** Why it could not run (failed). */
  error?: string;
  shard?: { index: number; count: number };
}

const isClaimRecord = (v: unknown): v is ClaimRecord =>
  typeof v === 'object' &&
  v !== null &&
  (v as ClaimRecord).kind === 'notes-claim' &&
  typeof (v as ClaimRecord).key === 'string' &&
  typeof (v as ClaimRecord).fingerprint === 'string';

/**
 * The latest record per claim in `dir`, refusing a folder made with other sizes.
 * @throws ExperimentMismatchError when a record's fingerprint is not `fingerprint`.
 */
export function readClaimRecords(dir: string, fingerprint?: string): Map<string, ClaimRecord> {
  const path = join(dir, NOTES_FILE);
  const { records } = readJsonLines(path, isClaimRecord, {
    what: 'a notes claim record (needs kind "notes-claim", key, fingerprint)',
    schema: NOTES_SCHEMA,
  });
  const want = fingerprint ?? records[0]?.fingerprint;
  const foreign = records.find((r) => r.fingerprint !== want);
  if (foreign) {
    throw new ExperimentMismatchError(
      `${path} holds claims run with other sizes (fingerprint ${foreign.fingerprint}, ${foreign.sizes} sizes; ` +
        `this one is ${want}${fingerprint ? '' : ` from its first line`}); choose another --out folder`,
    );
  }
  return latestByKey(records);
}

export function appendClaimRecord(dir: string, record: ClaimRecord): void {
  appendResult(join(dir, NOTES_FILE), record);
}

/** `actlab compare --dataset xor --out 'my dir'/xor`: a shell-ready command line. */
export function shellCommand(argv: readonly string[]): string {
  const quote = (a: string): string => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  return ['actlab', ...argv].map(quote).join(' ');
}

/** A claim's place in the report: its record (if any) and the assessment of its output. */
export interface ClaimOutcome {
  claim: NotesClaim;
  record?: ClaimRecord;
  /** The command line that reruns it alone (the one that ran, or would run). */
  argv: readonly string[];
  assessment?: ClaimAssessment;
  /** Why there is no verdict: not run yet, failed, or an output that could not be read. */
  unavailable?: string;
}

/** Assesses a claim's record; a failed or missing one (or unreadable output) gets its reason. */
export function claimOutcome(claim: NotesClaim, argv: readonly string[], record?: ClaimRecord): ClaimOutcome {
  if (!record) return { claim, argv, unavailable: 'not run in this folder yet' };
  if (record.status === 'failed') return { claim, argv, record, unavailable: record.error ?? 'the experiment failed' };
  try {
    return { claim, argv, record, assessment: claim.assess(record.output) };
  } catch (err) {
    return { claim, argv, record, unavailable: `its output could not be read: ${(err as Error).message}` };
  }
}

export interface NotesReportInput {
  /** The report's folder (figure links are relative to it). */
  dir: string;
  sizes: NotesSizes;
  fingerprint: string;
  outcomes: readonly ClaimOutcome[];
  /** PNG files each claim's experiment wrote, by claim id (paths as the experiment reported them). */
  figures?: ReadonlyMap<string, readonly string[]>;
}

const seconds = (s: number): string => (s >= 120 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(0)} s`);
const verdictCell = (o: ClaimOutcome): string =>
  o.assessment ? `**${o.assessment.verdict}**` : o.record ? '**not yet reproducible**' : 'not run yet';

/**
 * The claim's figures that its experiment wrote (its --json `files`), as links relative to the
 * report — `<claim>/<file>`, in the claim's order — kept when present in DIR/<claim>/ (shards
 * copied from other machines carry their own paths there, so the folder is where to look).
 */
export function claimFigures(dir: string, claim: Pick<NotesClaim, 'id' | 'figures'>, output: unknown): string[] {
  const files = (output as { files?: unknown } | undefined)?.files;
  if (!Array.isArray(files)) return [];
  const written = new Set(files.filter((f): f is string => typeof f === 'string').map((f) => basename(f)));
  return claim.figures
    .filter((f) => written.has(f))
    .map((f) => `${claim.id}/${f}`)
    .filter((f) => existsSync(join(dir, f)));
}

/** The markdown of notes-report.md. */
export function notesReportMarkdown(input: NotesReportInput): string {
  const { outcomes } = input;
  const done = outcomes.filter((o) => o.assessment);
  const total = outcomes.reduce((s, o) => s + (o.record?.seconds ?? 0), 0);
  const lines = [
    "# The course notes' claims, reproduced",
    '',
    `Written by \`actlab notes${input.sizes === 'quick' ? ' --quick' : ''}\`: each claim the notes make was tested by ` +
      'an actlab experiment, and the verdict below is computed from its numbers. ' +
      (input.sizes === 'quick'
        ? '**These are quick sizes (1–2 seeds, small data): the verdicts are indicative**; run `actlab notes` (full sizes) for the ones to quote.'
        : "Full sizes: each experiment's defaults (see docs/notes.md)."),
    '',
    `${done.length} of ${outcomes.length} claims have a verdict. Wall time: ${seconds(total)} over the claims ` +
      '(the sum of the invocations that ran them; shards run side by side take less).',
    '',
    '## Verdicts',
    '',
    markdownTable(
      ['claim', 'notes', 'verdict', 'why', 'wall time'],
      outcomes.map((o) => [
        `[${o.claim.id}](#${o.claim.id})`,
        o.claim.where,
        verdictCell(o),
        o.assessment?.reason ?? o.unavailable ?? '',
        o.record ? seconds(o.record.seconds) : '—',
      ]),
    ),
    '',
    '**holds**: the numbers agree with the notes; **holds partly**: they agree with part of it, or only weakly; ' +
      '**does not hold at this scale**: they do not, at the sizes this machine runs (the notes may still be right ' +
      'for bigger networks and data); **undecided**: the runs cannot tell (e.g. one seed gives no spread). Each ' +
      "claim's rule is in docs/notes.md.",
    '',
  ];
  for (const o of outcomes) {
    lines.push(`<a id="${o.claim.id}"></a>`, '', `## ${o.claim.id}`, '');
    lines.push(`> ${o.claim.statement} — the notes, ${o.claim.where}`, '');
    lines.push(
      o.record
        ? `**Run** (${seconds(o.record.seconds)} wall); to rerun it alone at the same sizes:`
        : '**Run**: not yet; it runs as:',
      '',
      '```sh',
      shellCommand(o.argv),
      '```',
      '',
    );
    if (!o.assessment) {
      lines.push(`**Verdict: ${o.record ? 'not yet reproducible' : 'not run yet'}** — ${o.unavailable}.`, '');
      continue;
    }
    lines.push(`**Verdict: ${o.assessment.verdict}** — ${o.assessment.reason}.`, '');
    lines.push(markdownTable(o.assessment.head, o.assessment.rows), '');
    for (const f of input.figures?.get(o.claim.id) ?? []) lines.push(`![${o.claim.id}: ${f}](${f})`, '');
    lines.push(`More: [${o.claim.id}/](${o.claim.id}/) holds the experiment's own files and figures.`, '');
  }
  lines.push(`<sub>notes fingerprint ${input.fingerprint} (${input.sizes} sizes)</sub>`, '');
  return lines.join('\n');
}
