/**
 * The robust study's machinery: config and fingerprint, the paired difference with its t
 * interval, the summary and report from hand-made results, and one tiny end-to-end run that
 * resumes, plus the merge of two shards.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  expandRobustRuns,
  presetConfig,
  robustFingerprint,
  type RobustConfig,
} from '../../src/experiments/robust-config.js';
import { ROBUST_FILE, readRobustResults, type RobustRunResult } from '../../src/experiments/robust-results.js';
import { robustReportMarkdown } from '../../src/experiments/robust-report.js';
import { mergeRobust, runRobustExperiment } from '../../src/experiments/robust-runner.js';
import { summarizeRobust, verdict } from '../../src/experiments/robust-summary.js';
import { pairedDifference, tQuantile975 } from '../../src/experiments/stats.js';
import { pngSize, tempDir } from '../experiments/helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
const temp = (): string => {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
};

/** A tiny study: 2 activations × 2 seeds of a 4-channel CNN on 300 digits, one epoch, 3-step attacks. */
function tiny(overrides: Partial<RobustConfig> = {}): RobustConfig {
  const p = presetConfig('default', 'mnist');
  return {
    ...p,
    dataset: 'mnist',
    dataSeed: 0,
    trainSize: 300,
    testSize: 40,
    channels: [4],
    hidden: [8],
    epochs: 1,
    heldOut: 40,
    training: { ...p.training, warmup: 0.5 },
    evaluation: {
      eps: 0.3,
      pgdSteps: 3,
      pgdRestarts: 1,
      apgdSteps: 3,
      apgdRestarts: 1,
      curve: [0.1, 0.3],
      curveSteps: 2,
    },
    acts: ['relu', 'gelu'],
    seeds: [0, 1],
    ...overrides,
  };
}

describe('robust config', () => {
  it('expands activation × seed with one fingerprint that ignores acts, seeds and dataDir', () => {
    const c = tiny();
    const runs = expandRobustRuns(c);
    expect(runs.map((r) => r.key)).toEqual(['relu/seed0', 'relu/seed1', 'gelu/seed0', 'gelu/seed1']);
    expect(new Set(runs.map((r) => r.fingerprint)).size).toBe(1);
    expect(robustFingerprint(c)).toBe(robustFingerprint({ ...c, dataDir: '/elsewhere' }));
    expect(robustFingerprint(c)).not.toBe(robustFingerprint({ ...c, training: { ...c.training, eps: 0.2 } }));
    expect(robustFingerprint(c)).not.toBe(robustFingerprint({ ...c, evaluation: { ...c.evaluation, pgdSteps: 4 } }));
  });

  it('presets: ε 0.3 on MNIST and 0.1 on Fashion-MNIST; SAT and Madry recipes', () => {
    expect(presetConfig('default', 'mnist').training).toMatchObject({ attack: 'fgsm', eps: 0.3, steps: 1 });
    expect(presetConfig('default', 'fashion-mnist').evaluation.eps).toBe(0.1);
    expect(presetConfig('sat', 'mnist').training).toMatchObject({
      attack: 'pgd',
      steps: 1,
      alpha: 0.3,
      cleanStart: 0.2,
    });
    expect(presetConfig('sat', 'mnist').evaluation).toMatchObject({ pgdSteps: 50, apgdSteps: 100 });
    expect(presetConfig('madry', 'mnist').training).toMatchObject({ attack: 'pgd', steps: 40, alpha: 0.01 });
  });
});

describe('paired difference with a 95% t interval', () => {
  it('matches a hand computation and scipy’s t quantiles', () => {
    expect(tQuantile975(1)).toBe(12.706);
    expect(tQuantile975(2)).toBe(4.303);
    expect(tQuantile975(60)).toBeCloseTo(2.0003, 3); // scipy.stats.t.ppf(0.975, 60)
    const a = new Map([
      [0, 0.5],
      [1, 0.6],
      [2, 0.7],
    ]);
    const b = new Map([
      [0, 0.4],
      [1, 0.45],
      [2, 0.5],
      [3, 0.9], // not in a: ignored
    ]);
    const d = pairedDifference(a, b); // differences 0.1, 0.15, 0.2: mean 0.15, sd 0.05
    expect(d.n).toBe(3);
    expect(d.mean).toBeCloseTo(0.15, 12);
    expect(d.high - d.mean).toBeCloseTo((4.303 * 0.05) / Math.sqrt(3), 12);
    expect(verdict(d)).toBe('better');
    expect(verdict(pairedDifference(b, a))).toBe('worse');
    expect(verdict(pairedDifference(new Map([[0, 1]]), new Map([[0, 0]])))).toBe('n/a');
  });
});

/** A result with just the numbers the summary reads. */
function fake(act: string, seed: number, clean: number, worst: number, warnings: string[] = []): RobustRunResult {
  const c = tiny();
  return {
    schema: 1,
    key: `${act}/seed${seed}`,
    fingerprint: 'f',
    act,
    seed,
    config: c,
    network: '1×28×28 → conv4 → 8 → 10',
    history: [{ epoch: 1, trainLoss: 1, trainAccuracy: 0.5, heldOutRobust: 0.4, seconds: 1 }],
    evaluatedEpoch: 1,
    cleanAccuracy: clean,
    attacks: [
      { role: 'fgsm', name: 'FGSM ε=0.3', eps: 0.3, robustAccuracy: worst + 0.2, seconds: 0 },
      { role: 'pgd', name: 'PGD-3 L∞ ε=0.3', eps: 0.3, robustAccuracy: worst + 0.02, seconds: 0 },
      { role: 'apgd', name: 'APGD-CE-3 L∞ ε=0.3', eps: 0.3, robustAccuracy: worst + 0.01, seconds: 0 },
      { role: 'curve', name: 'PGD-2 L∞ ε=0.1', eps: 0.1, robustAccuracy: (clean + worst) / 2, seconds: 0 },
      { role: 'curve', name: 'PGD-2 L∞ ε=0.3', eps: 0.3, robustAccuracy: worst + 0.03, seconds: 0 },
    ],
    pgd: worst + 0.02,
    apgd: worst + 0.01,
    worstCase: worst,
    warnings,
    trainSeconds: 10,
    evalSeconds: 5,
    finishedAt: '2026-01-01T00:00:00.000Z',
  };
}

describe('robust summary and report', () => {
  const results = [
    fake('relu', 0, 0.95, 0.3),
    fake('relu', 1, 0.96, 0.32),
    fake('relu', 2, 0.95, 0.31),
    fake('silu', 0, 0.95, 0.4),
    fake('silu', 1, 0.95, 0.41),
    fake('silu', 2, 0.96, 0.43, ['FGSM ε=0.3 leaves …']),
    fake('elu', 0, 0.94, 0.25),
    fake('elu', 1, 0.95, 0.4),
    fake('elu', 2, 0.95, 0.3),
  ];

  it('ranks by worst case, compares with ReLU paired by seed, averages the curve', () => {
    const s = summarizeRobust(results, ['relu', 'silu', 'elu', 'gelu'], results.map((r) => r.key).concat('gelu/seed0'));
    expect(s.baseline).toBe('relu');
    expect(s.activations.map((a) => a.act)).toEqual(['silu', 'elu', 'relu']);
    const silu = s.activations[0]!;
    expect(silu.worst.mean).toBeCloseTo(0.41333, 4);
    expect(silu.vsBaseline!.worst.mean).toBeCloseTo(0.41333 - 0.31, 4);
    expect(verdict(silu.vsBaseline!.worst)).toBe('better');
    expect(verdict(s.activations[1]!.vsBaseline!.worst)).toBe('tie');
    expect(s.activations[2]!.vsBaseline).toBeUndefined();
    expect(silu.curve.map((p) => p.eps)).toEqual([0, 0.1, 0.3]);
    expect(silu.curve[0]!.mean).toBeCloseTo(0.95333, 4);
    expect(silu.warnedRuns).toBe(1);
    expect(s.missing).toEqual(['gelu/seed0']);
  });

  it('writes a report with the table, the verdict, the warnings and the per-run rows', () => {
    const s = summarizeRobust(results, ['relu', 'silu', 'elu']);
    const md = robustReportMarkdown(s, results);
    expect(md).toContain('# actlab robust — mnist, ε = 0.3');
    expect(md).toMatch(
      /\| 1 \| silu \| 95\.3 ± 0\.6 \| .* \| \*\*41\.3 ± 1\.5\*\* \| \+10\.3 \[\+\d+\.\d, \+\d+\.\d\] \|/,
    );
    expect(md).toContain('the difference exceeds seed noise (95% interval above 0) for silu');
    expect(md).toContain('elu cannot be told apart from relu');
    expect(md).toContain('- silu/seed2: FGSM ε=0.3 leaves …');
    expect(md).toContain('| relu | 0 | 95.0 |');
    expect(md).toContain('![Robust accuracy against ε, mean over seeds](robust-curve.png)');
  });
});

describe('runRobustExperiment', () => {
  it('trains, evaluates, writes robust.jsonl, report.md and the charts, and resumes', async () => {
    const out = temp();
    const config = tiny({ acts: ['relu'], seeds: [0], trainSize: 200, testSize: 30 });
    const done: string[] = [];
    const first = await runRobustExperiment(config, {
      outDir: out,
      workers: 0,
      events: { done: (run) => done.push(run.key) },
    });
    expect(done).toEqual(['relu/seed0']);
    const r = first.results[0]!;
    // One epoch on a few digits learns little; the machinery is what is tested here.
    expect(r.cleanAccuracy).toBeGreaterThanOrEqual(r.worstCase);
    expect(r.cleanAccuracy).toBeLessThanOrEqual(1);
    expect(r.attacks.map((a) => a.name)).toEqual([
      'FGSM ε=0.3',
      'PGD-3 L∞ ε=0.3',
      'APGD-CE-3 L∞ ε=0.3',
      'PGD-2 L∞ ε=0.1',
      'PGD-2 L∞ ε=0.3',
    ]);
    // Worst case is at most every attack at ε.
    for (const a of r.attacks.filter((x) => x.eps === 0.3)) expect(r.worstCase).toBeLessThanOrEqual(a.robustAccuracy);
    expect(r.history).toHaveLength(1);
    expect(r.history[0]!.heldOutRobust).toBeGreaterThanOrEqual(0);
    expect(r.network).toBe('1×28×28 → conv4 → 8 → 10');
    expect(readRobustResults(join(out, ROBUST_FILE)).results).toHaveLength(1);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('| 1 | relu |');
    const [w] = pngSize(readFileSync(join(out, 'robust-curve.png')));
    expect(w).toBe(960);
    // Rerun: nothing left to do.
    const again = await runRobustExperiment(config, { outDir: out, workers: 0 });
    expect(again.ran).toBe(0);
    expect(again.results[0]).toEqual(r);
    // Another configuration in the same folder is refused.
    await expect(runRobustExperiment({ ...config, epochs: 2 }, { outDir: out, workers: 0 })).rejects.toThrow(
      /holds results of another robust configuration/,
    );
  });

  it('shards and merges: the merged report holds every run once', async () => {
    const config = tiny({ acts: ['relu', 'gelu'], seeds: [0], trainSize: 200, testSize: 20 });
    const a = temp();
    const b = temp();
    await runRobustExperiment(config, { outDir: a, workers: 0, shard: { index: 0, count: 2 } });
    await runRobustExperiment(config, { outDir: b, workers: 0, shard: { index: 1, count: 2 } });
    expect(readRobustResults(join(a, ROBUST_FILE)).results.map((r) => r.key)).toEqual(['relu/seed0']);
    const out = temp();
    const m = await mergeRobust([a, b, join(a, ROBUST_FILE)], out);
    expect(m.results.map((r) => r.key)).toEqual(['relu/seed0', 'gelu/seed0']);
    expect(m.duplicates).toBe(1);
    expect(m.summary.missing).toEqual([]);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('Merged from 3 inputs');
    // A torn last line (killed mid-write) is ignored.
    writeFileSync(join(a, ROBUST_FILE), `${readFileSync(join(a, ROBUST_FILE), 'utf8')}{"key":"x`);
    expect(readRobustResults(join(a, ROBUST_FILE))).toMatchObject({ torn: true });
  });
});
