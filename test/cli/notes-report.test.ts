/** notes-report.md from synthetic claim records: the verdict table, rerun commands, figures, failures, folders. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NOTES_CLAIMS } from '../../src/experiments/notes-claims.js';
import { ExperimentMismatchError } from '../../src/experiments/runner.js';
import {
  NOTES_SCHEMA,
  appendClaimRecord,
  claimFigures,
  claimOutcome,
  notesReportMarkdown,
  readClaimRecords,
  shellCommand,
  type ClaimRecord,
} from '../../src/cli/notes-report.js';
import { tempDir } from '../experiments/helpers.js';

const tmp = tempDir('actlab-notes-report-');
afterAll(tmp.cleanup);

const claim = (id: string) => NOTES_CLAIMS.find((c) => c.id === id)!;
const record = (key: string, extra: Partial<ClaimRecord>): ClaimRecord => ({
  schema: NOTES_SCHEMA,
  kind: 'notes-claim',
  key,
  fingerprint: 'fp1',
  sizes: 'quick',
  status: 'done',
  argv: ['compare', '--dataset', 'xor', '--out', 'my notes/xor'],
  seconds: 12,
  ...extra,
});
const xorOutput = {
  activations: [
    { act: 'relu', testAccuracy: { mean: 1, std: 0 }, trainLoss: { mean: 0.01, std: 0 }, runs: 2 },
    { act: 'identity', testAccuracy: { mean: 0.5, std: 0.05 }, trainLoss: { mean: 0.69, std: 0 }, runs: 2 },
  ],
  files: ['/elsewhere/xor/report.md', '/elsewhere/xor/accuracy.png', '/elsewhere/xor/missing.png'],
};

describe('notesReportMarkdown', () => {
  const dir = join(tmp.dir, 'report');
  mkdirSync(join(dir, 'xor'), { recursive: true });
  writeFileSync(join(dir, 'xor', 'accuracy.png'), '');
  const xor = record('xor', { output: xorOutput });
  const outcomes = [
    claimOutcome(claim('xor'), xor.argv, xor),
    claimOutcome(
      claim('converge'),
      ['converge', '--out', 'x/converge'],
      record('converge', { status: 'failed', error: 'fashion-mnist is not installed', seconds: 1 }),
    ),
    claimOutcome(claim('gradflow'), ['gradflow', '--out', 'x/gradflow']),
    claimOutcome(claim('dead'), ['dead'], record('dead', { output: { results: 'garbled' } })),
  ];
  const md = notesReportMarkdown({
    dir,
    sizes: 'quick',
    fingerprint: 'fp1',
    outcomes,
    figures: new Map([['xor', claimFigures(dir, { id: 'xor', figures: ['accuracy.png', 'missing.png'] }, xorOutput)]]),
  });

  it('opens with the verdict table, one row per claim, and the wall times', () => {
    const table = md.slice(md.indexOf('## Verdicts'), md.indexOf('<a id="xor">'));
    expect(table).toContain('| [xor](#xor) | 004 | **holds** | test accuracy on XOR: relu 100.0%, identity');
    expect(table).toContain(
      '| [converge](#converge) | 000 §1.5, 002 | **not yet reproducible** | fashion-mnist is not installed | 1 s |',
    );
    expect(table).toContain('| [gradflow](#gradflow) | 002, 003 | not run yet |');
    expect(md).toContain('1 of 4 claims have a verdict. Wall time: 25 s');
  });
  it('says quick verdicts are indicative', () => {
    expect(md).toMatch(/quick sizes .*indicative/);
  });
  it('gives each claim its statement, where, the command to rerun it (shell-quoted) and its numbers', () => {
    expect(md).toContain(`> ${claim('xor').statement} — the notes, 004`);
    expect(md).toContain("```sh\nactlab compare --dataset xor --out 'my notes/xor'\n```");
    expect(md).toContain('| relu | 1.000 ± 0.000 | 0.010 ± 0.000 | 2 |');
  });
  it('links the figures present in the claim folder, relative to the report', () => {
    expect(md).toContain('](xor/accuracy.png)');
    expect(md).not.toContain('missing.png');
  });
  it('lists a claim whose output cannot be read as not yet reproducible, with why', () => {
    expect(md).toMatch(/\*\*Verdict: not yet reproducible\*\* — its output could not be read/);
  });
});

describe('claim records', () => {
  it('keep the latest record per claim and refuse a folder made with other sizes', () => {
    const dir = join(tmp.dir, 'records');
    mkdirSync(dir, { recursive: true });
    appendClaimRecord(dir, record('xor', { status: 'failed', error: 'x' }));
    appendClaimRecord(dir, record('xor', { output: xorOutput }));
    expect(readClaimRecords(dir, 'fp1').get('xor')?.status).toBe('done');
    expect(() => readClaimRecords(dir, 'fp2')).toThrow(ExperimentMismatchError);
    expect(() => readClaimRecords(dir, 'fp2')).toThrow(/other sizes \(fingerprint fp1, quick sizes; this one is fp2\)/);
  });
  it('read null back as NaN, which the verdicts take as "never reached" / "no verdict"', () => {
    const dir = join(tmp.dir, 'nulls');
    mkdirSync(dir, { recursive: true });
    const floors = { line: 0.65, quadratic: 0.65 };
    const output = {
      tol: 0.02,
      widths: [1, 64],
      results: [
        { act: 'relu', target: 'sin', widthToReach: null, rmse: [0.7, 0.05], floors },
        { act: 'identity', target: 'sin', widthToReach: null, rmse: [0.7, 0.65], floors },
      ],
    };
    appendClaimRecord(dir, record('approx', { output }));
    const back = readClaimRecords(dir, 'fp1').get('approx')!;
    const outcome = claimOutcome(claim('approx'), back.argv, back);
    expect(outcome.assessment?.verdict).toBe('holds partly');
    expect(outcome.assessment?.rows[0]).toEqual(['relu', 'never (0.050 at 64)']);
  });
  it('quote shell arguments only where needed', () => {
    expect(shellCommand(['dead', '--lr', '0.01,1', '--out', "it's here"])).toBe(
      `actlab dead --lr 0.01,1 --out 'it'\\''s here'`,
    );
  });
});
