/** `actlab selu` through the built CLI: per-layer statistics end to end, resuming, bad usage. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../experiments/helpers.js';
import { actlab, actlabJson, pngFileSize } from './run.js';

const tmp = tempDir('actlab-cli-selu-');
afterAll(tmp.cleanup);

// Several CLI runs each, on a machine that may be loaded: minutes, not the default 60 s.

/** Three 16-layer networks of 32 units on 300 MNIST digits, one short epoch: a few seconds. */
const SMALL = [
  ...['--variants', 'selu+lecun,relu+lecun,tanh', '--seeds', '2', '--depth', '16', '--width', '32'],
  ...['--epochs', '1', '--train-size', '300', '--test-size', '100', '--probe-size', '200', '--quiet'],
];

interface PhaseJson {
  mean: number[];
  variance: number[];
  outside: number[];
}
interface SeluJson {
  ran: number;
  verdict: { verdict: string; reason: string };
  skipped: number;
  depth: number;
  variants: { id: string; seeds: number[]; atInit: PhaseJson; trained: PhaseJson; testAccuracy: { mean: number } }[];
  files: string[];
}

describe('actlab selu', () => {
  const out = join(tmp.dir, 'run');
  let first: SeluJson;
  it('measures every hidden layer at init and after training, and draws the per-layer charts', () => {
    first = actlabJson<SeluJson>('selu', ...SMALL, '--workers', '1', '--out', out, '--json');
    expect(first.ran).toBe(6);
    expect(first.variants.map((v) => [v.id, v.seeds])).toEqual([
      ['selu+lecun', [0, 1]],
      ['relu+lecun', [0, 1]],
      ['tanh+lecun', [0, 1]],
    ]);
    for (const v of first.variants) {
      for (const phase of [v.atInit, v.trained]) {
        expect(phase.mean).toHaveLength(16);
        expect(phase.variance).toHaveLength(16);
        for (const x of phase.variance) expect(x).toBeGreaterThanOrEqual(0);
      }
    }
    const [selu, relu, tanh] = first.variants;
    // The claim at init: SELU with LeCun weights stays near (0, 1) through depth; ReLU's variance
    // halves per layer and tanh's shrinks, so at layer 16 both are far below SELU's.
    expect(selu!.atInit.outside).toEqual([]);
    expect(selu!.atInit.variance.at(-1)!).toBeGreaterThan(0.5);
    expect(Math.abs(selu!.atInit.mean.at(-1)!)).toBeLessThan(0.25);
    expect(relu!.atInit.variance.at(-1)!).toBeLessThan(0.01);
    expect(tanh!.atInit.variance.at(-1)!).toBeLessThan(0.2);
    expect(first.verdict.verdict).toMatch(/^holds( partly)?$/);
    expect(first.verdict.reason).toMatch(
      /^SELU keeps 16\/16 layers near \(0, 1\) at init and \d+\/16 after training; the last layer of relu, tanh leaves the band at init$/,
    );
    for (const f of ['selu-variance.png', 'selu-mean.png']) {
      const [w, h] = pngFileSize(join(out, f));
      expect(w).toBeGreaterThan(300);
      expect(h).toBeGreaterThan(200);
    }
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toMatch(/selu, LeCun init/);
    expect(report).toContain(`**Verdict: ${first.verdict.verdict}** — ${first.verdict.reason}.`);
    expect(readFileSync(join(out, 'selu.jsonl'), 'utf8').trim().split('\n')).toHaveLength(6);
  }, 400_000);
  it('resumes: a rerun trains nothing and reports the same; another configuration is refused', () => {
    const again = actlabJson<SeluJson>('selu', ...SMALL, '--out', out, '--json');
    expect([again.ran, again.skipped]).toEqual([0, 6]);
    expect(again.variants).toEqual(first.variants);
    const r = actlab('selu', ...SMALL, '--depth', '8', '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/holds results of another configuration .* choose another --out folder$/);
  }, 400_000);
  it('shards: two halves concatenated into one folder give the full report without training', () => {
    const tiny = [
      ...['--variants', 'selu,relu', '--seeds', '2', '--depth', '4', '--width', '8', '--epochs', '1'],
      '--quiet',
    ];
    const data = ['--train-size', '200', '--test-size', '50', '--probe-size', '50', '--workers', '0'];
    const halves = [0, 1].map((i) => join(tmp.dir, `shard${i}`));
    halves.forEach((dir, i) => actlabJson('selu', ...tiny, ...data, '--shard', `${i}/2`, '--out', dir, '--json'));
    const all = join(tmp.dir, 'joined');
    mkdirSync(all);
    writeFileSync(join(all, 'selu.jsonl'), halves.map((d) => readFileSync(join(d, 'selu.jsonl'), 'utf8')).join(''));
    const joined = actlabJson<SeluJson & { missing: string[] }>('selu', ...tiny, ...data, '--out', all, '--json');
    expect([joined.ran, joined.skipped, joined.missing]).toEqual([0, 4, []]);
    expect(joined.variants.map((v) => [v.id, v.seeds])).toEqual([
      ['selu+lecun', [0, 1]],
      ['relu+lecun', [0, 1]],
    ]);
  }, 400_000);
  it('rejects bad usage with one line and exit code 2', () => {
    const cases: [string[], RegExp][] = [
      [
        ['--variants', 'selu+xavier'],
        /^actlab selu: --variants: expected activation\+init with init one of lecun, kaiming/,
      ],
      [['--variants', 'nope'], /unknown activation 'nope'/],
      [['--depth', '0'], /--depth/],
      [['--probe-size', '500', '--train-size', '100'], /^actlab selu: --probe-size 500 exceeds --train-size 100$/],
    ];
    for (const [args, message] of cases) {
      const r = actlab('selu', ...args, '--out', join(tmp.dir, 'bad'));
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(message);
      expect(r.status).toBe(2);
    }
  });
});
