/** converge's arithmetic: the interpolated crossing of the target, the summary's best rate and slowdown. */
import { describe, expect, it } from 'vitest';
import { crossing, type ConvergeRunResult, type ErrorPoint } from '../../src/experiments/converge-run.js';
import { convergeVerdict, formatFactor, meanCurve, summarizeConverge } from '../../src/experiments/converge-summary.js';

const pts = (...e: [number, number][]): ErrorPoint[] =>
  e.map(([epoch, error]) => ({ epoch, error, seconds: epoch * 10 }));

/** A finished run whose curve crosses `target` at `epochs` (or never, with NaN). */
function run(act: string, lr: number, seed: number, epochs: number): ConvergeRunResult {
  const reached = Number.isFinite(epochs);
  return {
    schema: 1,
    key: `${act}/lr${lr}/seed${seed}`,
    fingerprint: 'f',
    act,
    lr,
    seed,
    network: 'n',
    curve: reached ? pts([0, 0.9], [epochs, 0.2]) : pts([0, 0.9], [4, 0.5]),
    reached,
    epochsToTarget: epochs,
    secondsToTarget: epochs * 10,
    diverged: false,
    testError: 0.3,
    samplesPerSecond: 100,
    finishedAt: '',
  };
}

describe('crossing', () => {
  it('interpolates linearly between the last point above the target and the first at or below it', () => {
    expect(crossing(pts([0, 0.9], [0.5, 0.5], [1, 0.1]), 0.3)).toEqual({ epoch: 0.75, seconds: 7.5 });
  });
  it('takes the first crossing, a point exactly at the target, and undefined when never reached', () => {
    expect(crossing(pts([0, 0.9], [1, 0.2], [2, 0.5], [3, 0.1]), 0.3)?.epoch).toBeCloseTo(6 / 7, 12);
    expect(crossing(pts([0, 0.9], [1, 0.3]), 0.3)).toEqual({ epoch: 1, seconds: 10 });
    expect(crossing(pts([0, 0.9], [1, 0.4]), 0.3)).toBeUndefined();
    expect(crossing(pts([0, 0.1]), 0.3)).toEqual({ epoch: 0, seconds: 0 });
  });
});

describe('summarizeConverge', () => {
  const results = [
    run('relu', 0.01, 0, 2),
    run('relu', 0.01, 1, 4),
    run('relu', 0.1, 0, 1),
    run('relu', 0.1, 1, 1.5),
    run('tanh', 0.01, 0, 6),
    run('tanh', 0.01, 1, 9),
    run('tanh', 0.1, 0, NaN),
    run('tanh', 0.1, 1, 8),
    run('sigmoid', 0.1, 0, NaN),
  ];
  const s = summarizeConverge(
    results,
    { target: 0.2, maxEpochs: 10 },
    ['relu', 'tanh', 'sigmoid'],
    [...results.map((r) => r.key), 'sigmoid/lr0.1/seed1'],
  );
  it("keeps each activation's best rate: most seeds reached, then fewest epochs", () => {
    const [relu, tanh] = s.activations;
    expect(relu!.best.lr).toBe(0.1);
    expect(relu!.best.epochs.mean).toBe(1.25);
    expect(tanh!.best.lr).toBe(0.01); // 2/2 reached beats 1/2 reached in fewer epochs
    expect(tanh!.best.epochs.mean).toBe(7.5);
    expect(tanh!.best.epochs.std).toBeCloseTo(Math.sqrt(4.5), 12); // sample std of 6, 9
  });
  it('gives the slowdown against ReLU, a lower bound when never reached, and the missing runs', () => {
    expect(s.factor.tanh).toEqual({ value: 6, censored: false });
    expect(s.factor.sigmoid).toEqual({ value: 8, censored: true });
    expect(formatFactor(s.factor.tanh)).toBe('6.0×');
    expect(formatFactor(s.factor.sigmoid)).toBe('> 8.0×');
    expect(formatFactor(undefined)).toBe('n/a');
    expect(s.missing).toEqual(['sigmoid/lr0.1/seed1']);
  });
  it('has no factor without a ReLU run that reached the target', () => {
    const t = summarizeConverge([run('relu', 0.1, 0, NaN), run('tanh', 0.1, 0, 3)], { target: 0.2, maxEpochs: 4 });
    expect(Number.isNaN(t.factor.tanh!.value)).toBe(true);
    expect(formatFactor(t.factor.tanh)).toBe('n/a');
  });
});

describe('meanCurve', () => {
  it('carries a stopped run forward at its last value and spans the longest run', () => {
    const c = meanCurve([{ curve: pts([0, 0.8], [1, 0.2]) }, { curve: pts([0, 0.6], [1, 0.4], [2, 0.2]) }]);
    expect(c.epoch).toEqual([0, 1, 2]);
    expect(c.error[0]).toBeCloseTo(0.7, 12);
    expect(c.error[1]).toBeCloseTo(0.3, 12);
    expect(c.error[2]).toBeCloseTo(0.2, 12);
  });
});

describe('convergeVerdict', () => {
  const withFactor = (value: number, censored = false): Parameters<typeof convergeVerdict>[0] => ({
    target: 0.2,
    maxEpochs: 5,
    activations: [],
    factor: { tanh: { value, censored } },
    missing: [],
    totalRuns: 2,
  });
  it('words the tanh/ReLU factor: ≥ 3× holds, 1.25–3× holds partly, less does not hold', () => {
    expect(convergeVerdict(withFactor(6.2)).verdict).toBe('holds');
    expect(convergeVerdict(withFactor(3)).verdict).toBe('holds');
    expect(convergeVerdict(withFactor(2)).verdict).toBe('holds partly');
    expect(convergeVerdict(withFactor(1.25)).verdict).toBe('does not hold at this scale');
    expect(convergeVerdict(withFactor(0.6)).reason).toMatch(/tanh needs 0\.6× ReLU's epochs/);
    expect(convergeVerdict(withFactor(4, true)).reason).toMatch(/> 4\.0×/);
    expect(convergeVerdict(withFactor(NaN)).verdict).toBe('undecided');
  });
});
