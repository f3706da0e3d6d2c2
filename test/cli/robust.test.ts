/** actlab robust through the built CLI: a tiny study end to end, resuming, and its usage errors. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../experiments/helpers.js';
import { actlab, actlabJson, pngFileSize } from './run.js';

const tmp = tempDir('actlab-cli-robust-');
afterAll(tmp.cleanup);

/** One activation × one seed of a tiny CNN on 200 digits: seconds, not minutes. */
const TINY = [
  '--seeds',
  '1',
  '--train-size',
  '200',
  '--test-size',
  '20',
  '--held-out',
  '40',
  '--epochs',
  '1',
  '--channels',
  '4',
  '--hidden',
  '8',
  '--pgd-steps',
  '2',
  '--apgd-steps',
  '2',
  '--curve',
  '0.1,0.3',
  '--workers',
  '0',
];

interface RobustJson {
  ran: number;
  skipped: number;
  cpuSeconds: number;
  baseline: string;
  activations: {
    act: string;
    runs: number;
    clean: { mean: number };
    worstCase: { mean: number };
    curve: { eps: number }[];
  }[];
  files: string[];
}

describe('actlab robust', () => {
  it('runs a tiny study, writes report.md, robust.jsonl and the charts, and resumes', () => {
    const out = join(tmp.dir, 'study');
    const first = actlabJson<RobustJson>('robust', '--acts', 'relu', ...TINY, '--out', out, '--json');
    expect(first.ran).toBe(1);
    expect(first.baseline).toBe('relu');
    expect(first.cpuSeconds).toBeGreaterThan(0);
    const relu = first.activations[0]!;
    expect(relu.runs).toBe(1);
    expect(relu.worstCase.mean).toBeLessThanOrEqual(relu.clean.mean);
    expect(relu.curve.map((p) => p.eps)).toEqual([0, 0.1, 0.3]);
    for (const f of ['report.md', 'robust.jsonl', 'robust-curve.png', 'robust-vs-clean.png', 'experiment.json'])
      expect(existsSync(join(out, f)), f).toBe(true);
    expect(pngFileSize(join(out, 'robust-vs-clean.png'))[0]).toBe(960);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('# actlab robust — mnist, ε = 0.3');
    expect(md).toContain('FGSM with random start (α = 0.375) at ε = 0.3');
    // A second activation in the same folder: the first run is resumed, not retrained.
    const second = actlabJson<RobustJson>('robust', '--acts', 'relu,elu', ...TINY, '--out', out, '--json');
    expect([second.ran, second.skipped]).toEqual([1, 1]);
    expect(second.activations.map((a) => a.act).sort()).toEqual(['elu', 'relu']);
  }, 300_000);

  it('prints a table and the report path without --json', () => {
    const r = actlab('robust', '--acts', 'relu', ...TINY, '--out', join(tmp.dir, 'study'), '--quiet');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/│ 1 │ relu +│/);
    expect(r.stdout).toMatch(/report: .*report\.md {2}\(0 run\(s\) trained, 1 resumed/);
  }, 300_000);

  it('usage errors are one line with exit code 2', () => {
    const cases: [string[], RegExp][] = [
      [
        ['--dataset', 'moons'],
        /^actlab robust: unknown dataset 'moons'; did you mean .*\(valid: mnist, fashion-mnist, fashion\)\n$/,
      ],
      [['--preset', 'fast'], /^actlab robust: unknown preset 'fast'; did you mean .*\(valid: default, sat, madry\)\n$/],
      [['--train-attack', 'apgd'], /unknown training attack 'apgd'/],
      [['--train-steps', '3'], /--train-steps 3: FGSM training takes one step; use --train-attack pgd\n$/],
      [['--held-out', '300', '--train-size', '200'], /--held-out 300 must be below --train-size 200\n$/],
      [['--acts', 'relu,nope'], /unknown activation 'nope'/],
      [['--eps', '0'], /option '--eps <e>' argument '0' is invalid/],
    ];
    for (const [args, message] of cases) {
      const r = actlab('robust', '--acts', 'relu', ...args, '--out', join(tmp.dir, 'never'));
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  }, 300_000);
});
