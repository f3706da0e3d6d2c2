/**
 * `actlab notes`: runs every claim of the course notes (issue 17) through the actlab command that
 * tests it — each into its own sub-folder, in this process, with `--json` so its summary is kept —
 * and writes DIR/notes-report.md with a verdict per claim. The commands are run exactly as the
 * report prints them for rerunning, so the two cannot drift; each keeps its own resumability
 * (JSONL results) in DIR/<claim>/. Finished claims are recorded in DIR/notes.jsonl and skipped on a
 * rerun; `--shard i/n|auto` runs a round-robin slice of the claims.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { settingsFingerprint, shardRuns } from '../../experiments/config.js';
import { NOTES_CLAIMS, notesClaimIds, type NotesClaim, type NotesSizes } from '../../experiments/notes-claims.js';
import { ExperimentMismatchError } from '../../experiments/runner.js';
import { UsageError, oneLine } from '../errors.js';
import { nameListArg } from '../options.js';
import { bold, captureStdout, ensureOutDir, note, print, printJson, table } from '../output.js';
import {
  NOTES_FILE,
  NOTES_REPORT,
  NOTES_SCHEMA,
  appendClaimRecord,
  claimFigures,
  claimOutcome,
  notesReportMarkdown,
  readClaimRecords,
  shellCommand,
  type ClaimOutcome,
} from '../notes-report.js';
import { addShardOptions, resolveShard, type Shard } from '../shard.js';

interface NotesOptions {
  quick?: boolean;
  only?: string[];
  list?: boolean;
  reportOnly?: boolean;
  shard?: Shard | 'auto';
  shardCount?: number;
  out: string;
  json?: boolean;
}

/** The fingerprint of a folder of claims: every claim's command at these sizes. */
export function notesFingerprint(sizes: NotesSizes): string {
  const settings = {
    sizes,
    claims: NOTES_CLAIMS.map((c) => ({ id: c.id, command: c.command, args: c.args[sizes] })),
  };
  return settingsFingerprint(settings);
}

/** The command line of a claim (without `actlab`), writing into `<out>/<claim>`. */
export const claimArgv = (claim: NotesClaim, sizes: NotesSizes, out: string): string[] => [
  claim.command,
  ...claim.args[sizes],
  '--out',
  join(out, claim.id),
];

/** `--only xor,gradflow`: known claim ids, in the notes' order. */
function onlyClaims(ids: readonly string[] | undefined): NotesClaim[] {
  if (!ids) return [...NOTES_CLAIMS];
  const unknown = ids.filter((id) => !notesClaimIds.includes(id));
  if (unknown.length > 0)
    throw new UsageError(`--only: unknown claim '${unknown.join("', '")}' (expected ${notesClaimIds.join(', ')})`);
  return NOTES_CLAIMS.filter((c) => ids.includes(c.id));
}

/**
 * Runs one claim's command in this process (a fresh program from `build`), its table output
 * replaced by `--json` and kept; its progress goes to stderr as usual.
 */
async function runClaim(build: () => Command, argv: readonly string[]): Promise<unknown> {
  const text = await captureStdout(async () => {
    await build().parseAsync(['node', 'actlab', ...argv, '--json']);
  });
  return JSON.parse(text) as unknown;
}

/** Writes DIR/notes-report.md from every record the folder holds; returns the outcomes. */
function writeNotesReport(dir: string, out: string, sizes: NotesSizes, fingerprint: string): ClaimOutcome[] {
  const records = readClaimRecords(dir, fingerprint);
  const outcomes = NOTES_CLAIMS.map((c) => {
    const record = records.get(c.id);
    return claimOutcome(c, record?.argv ?? claimArgv(c, sizes, out), record);
  });
  const figures = new Map(
    outcomes.flatMap((o) => (o.record?.output ? [[o.claim.id, claimFigures(dir, o.claim, o.record.output)]] : [])),
  ) as Map<string, string[]>;
  writeFileSync(join(dir, NOTES_REPORT), notesReportMarkdown({ dir, sizes, fingerprint, outcomes, figures }));
  return outcomes;
}

const secondsText = (s: number): string => (s >= 120 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(0)} s`);

export function register(program: Command, build: () => Command): void {
  const cmd = program
    .command('notes')
    .summary('run every claim of the course notes through its experiment and write one report with a verdict each')
    .description(
      'Runs each claim of the course notes (docs/notes.md) through the actlab command that tests it — XOR (compare on ' +
        'xor), gradflow, dead, compare, converge, selu, siren, approx, robust — each into DIR/<claim>/, and writes ' +
        'DIR/notes-report.md: per claim the statement and where the notes make it, the exact command that reruns it ' +
        'alone, its figures, its numbers and a verdict (holds / holds partly / does not hold at this scale) with the ' +
        'reason, and a table of all verdicts with wall times. Finished claims are kept in DIR/notes.jsonl and skipped ' +
        "on a rerun (compare, converge, selu, siren and robust also resume their own finished runs). Full sizes are the experiments' defaults: about 12 minutes " +
        'on 2 quiet cores (robust alone 7–8). --quick: 1–2 seeds and small data, about 3 minutes of CPU, under 2 minutes there ' +
        '(at most 10); its verdicts are indicative.',
    )
    .option(
      '--quick',
      'quick sizes: 1–2 seeds, small data, a few minutes; indicative verdicts (default: full sizes, about 12 minutes)',
    )
    .addOption(
      new Option(
        '--only <claims>',
        `claims to run, comma-separated: ${notesClaimIds.join(', ')} (default: all of them)`,
      ).argParser(nameListArg),
    )
    .option(
      '--list',
      'list the claims and the command each runs at the chosen sizes, and run nothing (default: run them)',
    );
  addShardOptions(
    cmd,
    'claims',
    'shards may share one folder, or copy their folders into one (concatenating notes.jsonl) and run --report-only there',
  )
    .option(
      '--report-only',
      'run nothing: rebuild DIR/notes-report.md from the claims DIR holds, e.g. after shards (default: run the claims not finished yet)',
    )
    .addOption(new Option('--out <dir>', 'output folder (created; an existing one is resumed)').default('actlab-notes'))
    .option('--json', 'print the verdicts as JSON on stdout (default: a table)')
    .action(async (o: NotesOptions) => {
      const claims = onlyClaims(o.only);
      const shard = resolveShard(o.shard, o.shardCount);
      let sizes: NotesSizes = o.quick ? 'quick' : 'full';
      if (o.list) {
        print(
          table(
            ['claim', 'notes', 'statement', `command (${sizes} sizes)`],
            claims.map((c) => [c.id, c.where, c.statement, shellCommand(claimArgv(c, sizes, o.out))]),
          ),
        );
        return;
      }
      if (o.reportOnly && !existsSync(o.out))
        throw new UsageError(`--report-only: ${o.out} does not exist; run actlab notes --out ${o.out} first`);
      const dir = ensureOutDir(o.out);
      if (o.reportOnly) {
        const first = [...readClaimRecords(dir).values()][0];
        if (!first)
          throw new UsageError(
            `--report-only: ${o.out} holds no claims (${NOTES_FILE}); run actlab notes --out ${o.out} first`,
          );
        if (o.quick && first.sizes !== 'quick')
          throw new ExperimentMismatchError(`--report-only --quick: ${o.out} holds claims run at ${first.sizes} sizes`);
        sizes = first.sizes;
      }
      // --report-only assembles what the folder holds (one configuration, checked on reading),
      // even when made by another actlab version whose sizes differ from this one's.
      const fingerprint = o.reportOnly ? [...readClaimRecords(dir).values()][0]!.fingerprint : notesFingerprint(sizes);
      const records = readClaimRecords(dir, fingerprint);
      const started = performance.now();
      if (!o.reportOnly) {
        const mine = shard ? shardRuns(claims, shard.index, shard.count) : claims;
        if (shard) note(`shard ${shard.index}/${shard.count} (${shard.source}): ${mine.map((c) => c.id).join(', ')}`);
        let n = 0;
        for (const claim of mine) {
          n++;
          const prior = records.get(claim.id);
          if (prior?.status === 'done') {
            note(`[${n}/${mine.length}] ${claim.id}: finished before (${secondsText(prior.seconds)}), skipped`);
            continue;
          }
          const argv = claimArgv(claim, sizes, o.out);
          note(`[${n}/${mine.length}] ${claim.id} (${claim.where}): ${shellCommand(argv)}`);
          const t0 = performance.now();
          const base = {
            schema: NOTES_SCHEMA,
            kind: 'notes-claim' as const,
            key: claim.id,
            fingerprint,
            sizes,
            argv,
            ...(shard ? { shard: { index: shard.index, count: shard.count } } : {}),
          };
          try {
            const output = await runClaim(build, argv);
            const seconds = (performance.now() - t0) / 1000;
            appendClaimRecord(dir, { ...base, status: 'done', seconds, output });
            const outcome = claimOutcome(claim, argv, { ...base, status: 'done', seconds, output });
            note(
              `[${n}/${mine.length}] ${claim.id}: ${outcome.assessment ? `${outcome.assessment.verdict} — ${outcome.assessment.reason}` : outcome.unavailable} (${secondsText(seconds)})`,
            );
          } catch (err) {
            const seconds = (performance.now() - t0) / 1000;
            appendClaimRecord(dir, { ...base, status: 'failed', seconds, error: oneLine(err) });
            note(`[${n}/${mine.length}] ${claim.id}: not yet reproducible — ${oneLine(err)}`);
          }
        }
      }
      const outcomes = writeNotesReport(dir, o.out, sizes, fingerprint);
      const reportPath = join(o.out, NOTES_REPORT);
      if (o.json) {
        printJson({
          out: dir,
          sizes,
          fingerprint,
          seconds: (performance.now() - started) / 1000,
          claims: outcomes.map((c) => ({
            id: c.claim.id,
            where: c.claim.where,
            command: shellCommand(c.argv),
            verdict: c.assessment?.verdict ?? (c.record ? 'not yet reproducible' : 'not run yet'),
            reason: c.assessment?.reason ?? c.unavailable,
            seconds: c.record?.seconds ?? null,
          })),
          report: reportPath,
        });
        return;
      }
      print(
        table(
          ['claim', 'notes', 'verdict', 'wall time'],
          outcomes.map((c) => [
            c.claim.id,
            c.claim.where,
            c.assessment?.verdict ?? (c.record ? 'not yet reproducible' : 'not run yet'),
            c.record ? secondsText(c.record.seconds) : '—',
          ]),
        ),
        `${bold('report')}: ${reportPath}  (${((performance.now() - started) / 1000).toFixed(0)} s)`,
      );
    });
}
