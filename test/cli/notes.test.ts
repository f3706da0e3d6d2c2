/** `actlab notes` through the built CLI: two cheap claims in two shards, resuming, the report, bad usage. */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../experiments/helpers.js';
import { actlab, actlabJson } from './run.js';

const tmp = tempDir('actlab-cli-notes-');
afterAll(tmp.cleanup);

interface NotesJson {
  sizes: string;
  claims: { id: string; verdict: string; reason: string; command: string; seconds: number | null }[];
}

const lines = (path: string): string[] => readFileSync(path, 'utf8').trim().split('\n');

describe('actlab notes', () => {
  const out = join(tmp.dir, 'notes');
  const cheap = ['notes', '--quick', '--only', 'xor,gradflow', '--out', out];

  it('runs the claims of each shard into one folder, then resumes without rerunning them', () => {
    const first = actlab(...cheap, '--shard', '0/2');
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toContain('shard 0/2 (--shard 0/2): xor');
    expect(first.stderr).toMatch(/\[1\/1\] xor \(004\): actlab compare --dataset xor/);
    expect(first.stderr).not.toContain('gradflow (002, 003)');
    const second = actlab(...cheap, '--shard', '1/2');
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/\[1\/1\] gradflow \(002, 003\): actlab gradflow --depth/);
    expect(lines(join(out, 'notes.jsonl'))).toHaveLength(2);

    const again = actlabJson<NotesJson>(...cheap, '--json');
    expect(lines(join(out, 'notes.jsonl'))).toHaveLength(2);
    expect(again.sizes).toBe('quick');
    const byId = new Map(again.claims.map((c) => [c.id, c]));
    expect(byId.get('xor')!.verdict).toBe('holds');
    expect(byId.get('xor')!.command).toBe(
      `actlab compare --dataset xor --acts identity,relu --seeds 2 --epochs 20 --out ${join(out, 'xor')}`,
    );
    expect(['holds', 'holds partly', 'does not hold at this scale']).toContain(byId.get('gradflow')!.verdict);
    expect(byId.get('robust')!.verdict).toBe('not run yet');
    expect(again.claims).toHaveLength(9);
  }, 240_000); // three CLI runs that train, on a machine that may be loaded

  it('writes notes-report.md with the verdict table, rerun commands and figures from the claim folders', () => {
    const md = readFileSync(join(out, 'notes-report.md'), 'utf8');
    expect(md).toContain('## Verdicts');
    expect(md).toMatch(/\| \[xor\]\(#xor\) \| 004 \| \*\*holds\*\* \| test accuracy on XOR: relu/);
    expect(md).toContain('indicative');
    expect(md).toContain(`actlab gradflow --depth 2,10,20,30 --out ${join(out, 'gradflow')}`);
    expect(md).toContain('actlab robust --acts relu,silu,gelu'); // not run yet: the command it would run
    const figures = [...md.matchAll(/!\[[^\]]*\]\(([^)]+\.png)\)/g)].map((m) => m[1]!);
    expect(figures).toContain('gradflow/gradflow.png');
    expect(figures).toContain('xor/accuracy.png');
    for (const f of figures) expect(existsSync(join(out, f)), f).toBe(true);
  });

  it('rebuilds the report with --report-only, and refuses a folder of other sizes', () => {
    rmSync(join(out, 'notes-report.md'));
    const r = actlab('notes', '--report-only', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(out, 'notes-report.md'), 'utf8')).toContain('**holds**');
    const full = actlab('notes', '--only', 'xor', '--out', out);
    expect(full.status).toBe(2);
    expect(full.stderr.trim().split('\n')).toHaveLength(1);
    expect(full.stderr).toMatch(/holds claims run with other sizes .*quick sizes.*choose another --out folder/);
  });

  it('lists the claims', () => {
    const r = actlab('notes', '--list', '--quick');
    expect(r.status).toBe(0);
    for (const id of ['xor', 'gradflow', 'dead', 'compare', 'converge', 'selu', 'siren', 'approx', 'robust'])
      expect(r.stdout).toContain(id);
    expect(r.stdout).toContain('actlab converge --acts relu,tanh,sigmoid');
  });

  it.each([
    [['--only', 'xor,nope'], /--only: unknown claim 'nope' \(expected xor, gradflow, /],
    [['--shard', '2/2'], /--shard.*the shard index must be in 0\.\.1 for 2 shards/],
    [['--report-only', '--out', join(tmp.dir, 'none')], /--report-only: .*none does not exist; run actlab notes --out/],
    [['--report-only', '--out', tmp.dir], /--report-only: .* holds no claims \(notes\.jsonl\)/],
  ])('rejects %j in one line, exit code 2', (args, message) => {
    const r = actlab('notes', ...args);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});
