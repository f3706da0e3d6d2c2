/** The real training task: reproducible per seed, measured, and loadable data for every registry dataset. */
import { describe, expect, it } from 'vitest';
import { createDatasetCache } from '../../src/data/dataset.js';
import { expandRuns } from '../../src/experiments/config.js';
import { defaultSizes, loadSplit } from '../../src/experiments/data.js';
import { trainRun, trainSpec } from '../../src/experiments/train-run.js';
import type { TrainProgress } from '../../src/experiments/runner.js';
import { tinyConfig } from './helpers.js';

const config = tinyConfig({ epochs: 3, trainSize: 120, testSize: 60 });
const strip = (h: { seconds: number }[]) => h.map(({ seconds: _s, ...rest }) => rest);

describe('trainRun', () => {
  it('is reproducible per seed and differs between seeds', () => {
    const a = trainRun('gelu', 1, config).result;
    const b = trainRun('gelu', 1, config).result;
    const c = trainRun('gelu', 2, config).result;
    expect(strip(a.history)).toEqual(strip(b.history));
    expect(a.gradNormInit).toEqual(b.gradNormInit);
    expect(strip(c.history)).not.toEqual(strip(a.history));
  });

  it('records the history, final metrics, gradient norms per layer and dead units', () => {
    const progress: TrainProgress[] = [];
    const { result, model } = trainRun('relu', 0, { ...config, hidden: [6, 5] }, { progress: (p) => progress.push(p) });
    expect(result.history.map((h) => h.epoch)).toEqual([1, 2, 3]);
    expect(result.final.testAccuracy).toBe(result.history[2]!.testAccuracy);
    expect(result.gradNormInit).toHaveLength(3);
    expect(result.gradNormFinal).toHaveLength(3);
    expect(result.deadFractionPerLayer).toHaveLength(2);
    expect(result.deadFraction).toBeGreaterThanOrEqual(0);
    expect([result.inputSize, result.numClasses]).toEqual([2, 2]);
    expect(progress.at(-1)).toMatchObject({ epoch: 3, epochs: 3 });
    expect(progress.at(-1)!.step).toBe(progress.at(-1)!.steps);
    expect(model.toString()).toMatch(/\(1\): ReLU\(\)/);
  });

  it('trainSpec stamps the run key and fingerprint', () => {
    const [run] = expandRuns({ ...config, acts: ['tanh'], seeds: [4] });
    const r = trainSpec(run!);
    expect([r.key, r.fingerprint, r.seed]).toEqual(['tanh/seed4', run!.fingerprint, 4]);
  });
});

describe('loadSplit', () => {
  it('loads standardized splits of the requested sizes', () => {
    const s = loadSplit({ dataset: 'spiral', trainSize: 90, testSize: 30, dataSeed: 0 });
    expect([s.train.n, s.test.n]).toEqual([90, 30]);
    let mean = 0;
    for (let i = 0; i < s.train.n; i++) mean += s.train.x[2 * i]!;
    expect(Math.abs(mean / s.train.n)).toBeLessThan(1e-5);
  });

  it('loads MNIST subsets, caching the parsed digits', () => {
    const cache = createDatasetCache();
    const s = loadSplit({ dataset: 'mnist', trainSize: 100, testSize: 50, dataSeed: 0 }, cache);
    expect(s.train.featureShape).toEqual([1, 28, 28]);
    expect([s.train.n, s.test.n]).toEqual([100, 50]);
    expect(cache.size).toBe(1);
    expect(defaultSizes('mnist')).toEqual({ trainSize: 8000, testSize: 2000 });
  });
});
