/** `actlab converge` through the built CLI: a tiny run end to end, resuming, worker independence, bad usage. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../experiments/helpers.js';
import { actlab, actlabJson, pngFileSize } from './run.js';

const tmp = tempDir('actlab-cli-converge-');
afterAll(tmp.cleanup);

// Several CLI runs each, on a machine that may be loaded: minutes, not the default 60 s.

/** relu and tanh, one rate, two seeds, a tiny CNN on 256 Fashion-MNIST images: a few seconds. */
const SMALL = [
  ...['--acts', 'relu,tanh', '--lrs', '0.05', '--seeds', '2', '--channels', '4,4', '--train-size', '256'],
  ...['--test-size', '64', '--probe-size', '128', '--max-epochs', '2', '--batch-size', '32', '--target', '0.6'],
  '--quiet',
];

interface ConvergeJson {
  ran: number;
  skipped: number;
  target: number;
  factor: { tanh?: { value: number; censored: boolean } };
  verdict: { verdict: string; reason: string };
  activations: {
    act: string;
    bestLr: number;
    runs: number;
    reached: number;
    epochsToTarget: { mean: number; std: number; values: number[] };
    slowdownVsRelu: number;
    censored: boolean;
  }[];
  missing: string[];
  files: string[];
}

/** Each run's measured curve in converge.jsonl without the wall times. */
function curves(dir: string): Record<string, unknown> {
  const lines = readFileSync(join(dir, 'converge.jsonl'), 'utf8').trim().split('\n');
  return Object.fromEntries(
    lines
      .map((l) => JSON.parse(l) as { key: string; curve: { epoch: number; error: number }[] })
      .map((r) => [r.key, r.curve.map((p) => [p.epoch, p.error])]),
  );
}

describe('actlab converge', () => {
  const out = join(tmp.dir, 'run');
  let first: ConvergeJson;
  it('trains each activation × seed, reports epochs to the target and the factor, and draws the charts', () => {
    first = actlabJson<ConvergeJson>('converge', ...SMALL, '--workers', '1', '--out', out, '--json');
    expect(first.ran).toBe(4);
    expect(first.target).toBe(0.6);
    expect(first.activations.map((a) => [a.act, a.bestLr, a.runs])).toEqual([
      ['relu', 0.05, 2],
      ['tanh', 0.05, 2],
    ]);
    for (const a of first.activations) {
      // Each reached run's epochs lie inside the budget; the summary is their mean.
      expect(a.epochsToTarget.values).toHaveLength(a.reached);
      for (const e of a.epochsToTarget.values) {
        expect(e).toBeGreaterThan(0);
        expect(e).toBeLessThanOrEqual(2);
      }
      if (a.reached > 0)
        expect(a.epochsToTarget.mean).toBeCloseTo(a.epochsToTarget.values.reduce((x, y) => x + y) / a.reached, 12);
    }
    const relu = first.activations[0]!;
    const tanh = first.activations[1]!;
    if (relu.reached > 0 && tanh.reached > 0)
      expect(first.factor.tanh!.value).toBeCloseTo(tanh.epochsToTarget.mean / relu.epochsToTarget.mean, 12);
    for (const f of ['converge.png', 'converge-epochs.png']) {
      const [w, h] = pngFileSize(join(out, f));
      expect(w).toBeGreaterThan(300);
      expect(h).toBeGreaterThan(200);
    }
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toContain(`**Verdict: ${first.verdict.verdict}** — ${first.verdict.reason}.`);
    expect(report).toMatch(/Measured factor \(tanh \/ ReLU, epochs to target\): .*the notes say 6×/);
    expect(report).toMatch(/\| relu \| 0\.05 \| \d\/2 \|/);
    const lines = readFileSync(join(out, 'converge.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(4);
    // A run stops at the target: the error before its last point is above it.
    for (const l of lines) {
      const r = JSON.parse(l) as { reached: boolean; curve: { error: number }[] };
      expect(r.curve[0]!.error).toBeGreaterThan(0.6);
      if (r.reached) expect(r.curve.at(-1)!.error).toBeLessThanOrEqual(0.6);
      for (const p of r.curve.slice(0, -1)) expect(p.error).toBeGreaterThan(0.6);
    }
  }, 400_000);
  it('resumes: a rerun trains nothing and reports the same; another configuration is refused', () => {
    const again = actlabJson<ConvergeJson>('converge', ...SMALL, '--out', out, '--json');
    expect([again.ran, again.skipped]).toEqual([0, 4]);
    expect(again.activations).toEqual(first.activations);
    const r = actlab('converge', ...SMALL, '--target', '0.5', '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/holds results of another configuration .* choose another --out folder$/);
  }, 400_000);
  it('measures the same curves on the main thread as on workers', () => {
    const inline = join(tmp.dir, 'inline');
    actlabJson('converge', ...SMALL, '--workers', '0', '--out', inline, '--json');
    expect(curves(inline)).toEqual(curves(out));
  }, 400_000);
  it('rejects bad usage with one line and exit code 2', () => {
    const cases: [string[], RegExp][] = [
      [['--acts', 'relu,nope'], /unknown activation 'nope'/],
      [['--optimizer', 'rmsprop'], /unknown optimizer 'rmsprop'.*\(valid: momentum, sgd, adam\)$/],
      [['--target', '1.5'], /--target/],
      [['--probe-size', '500', '--train-size', '100'], /^actlab converge: --probe-size 500 exceeds --train-size 100$/],
      [['--dataset', 'moons'], /converge trains a CNN and needs images/],
    ];
    for (const [args, message] of cases) {
      const r = actlab('converge', ...args, '--out', join(tmp.dir, 'bad'));
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(message);
      expect(r.status).toBe(2);
    }
  });
});
