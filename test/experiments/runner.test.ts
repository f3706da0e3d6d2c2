import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  describeMissingShards,
  expandRuns,
  fingerprint,
  missingShards,
  shardRuns,
  trainConfigOf,
} from '../../src/experiments/config.js';
import { mergeExperiments } from '../../src/experiments/merge.js';
import { runTasks } from '../../src/experiments/pool.js';
import { readResults, type RunResult } from '../../src/experiments/results.js';
import { runExperiment, type TrainProgress } from '../../src/experiments/runner.js';
import { pngSize, tempDir, tinyConfig } from './helpers.js';

const stub = new URL('./fixtures/stub-task.ts', import.meta.url);
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
const temp = (): string => {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
};
/** A result without its wall-clock fields, for comparing numbers across runs. */
const numbers = (r: RunResult) => ({
  key: r.key,
  history: r.history.map(({ seconds: _s, ...h }) => h),
  final: r.final,
  g: r.gradNormInit,
});

describe('expandRuns and shardRuns', () => {
  it('expands activation × seed in plan order with one fingerprint', () => {
    const runs = expandRuns(tinyConfig());
    expect(runs.map((r) => r.key)).toEqual([
      'relu/seed0',
      'relu/seed1',
      'tanh/seed0',
      'tanh/seed1',
      'gelu/seed0',
      'gelu/seed1',
    ]);
    expect(new Set(runs.map((r) => r.fingerprint)).size).toBe(1);
  });

  it('fingerprints the training config but not the activations, seeds or data folder', () => {
    const a = tinyConfig();
    expect(fingerprint(trainConfigOf(a))).toBe(fingerprint(trainConfigOf({ ...a, dataDir: '/x' })));
    expect(expandRuns({ ...a, acts: ['elu'], seeds: [9] })[0]!.fingerprint).toBe(fingerprint(a));
    expect(fingerprint(a)).not.toBe(fingerprint({ ...a, epochs: 3 }));
    expect(fingerprint(a)).not.toBe(fingerprint({ ...a, hidden: [4, 4] }));
  });

  it('shards round-robin into disjoint slices that cover every run', () => {
    const runs = expandRuns(tinyConfig());
    const shards = [0, 1, 2, 3].map((i) => shardRuns(runs, i, 4).map((r) => r.key));
    expect(shards[0]).toEqual(['relu/seed0', 'gelu/seed0']);
    expect(shards.flat().sort()).toEqual(runs.map((r) => r.key).sort());
    expect(() => shardRuns(runs, 4, 4)).toThrow(/0 ≤ index < count/);
  });
});

describe('runTasks (worker pool)', () => {
  const tasks = expandRuns(tinyConfig({ acts: ['relu', 'tanh', 'gelu', 'elu'] }));

  it('gives the same results in task order with 0, 1 and 3 workers', async () => {
    const results = await Promise.all(
      [0, 1, 3].map((workers) => runTasks<(typeof tasks)[number], RunResult>(tasks, { workers, module: stub })),
    );
    expect(results[0]!.map((r) => r.key)).toEqual(tasks.map((t) => t.key));
    expect(results[1]!.map(numbers)).toEqual(results[0]!.map(numbers));
    expect(results[2]!.map(numbers)).toEqual(results[0]!.map(numbers));
  });

  it('reports start, progress and results for every task', async () => {
    const started: number[] = [];
    const progress: TrainProgress[] = [];
    const done: number[] = [];
    await runTasks<(typeof tasks)[number], RunResult, TrainProgress>(tasks, {
      workers: 2,
      module: stub,
      onStart: (i) => started.push(i),
      onProgress: (_i, p) => progress.push(p),
      onResult: (i) => done.push(i),
    });
    expect(started.sort()).toEqual([...tasks.keys()]);
    expect(done.sort()).toEqual([...tasks.keys()]);
    expect(progress).toHaveLength(tasks.length * 2);
  });

  it('rejects with the message of a task that throws', async () => {
    const bad = expandRuns(tinyConfig({ acts: ['relu', 'explode'] }));
    await expect(runTasks(bad, { workers: 2, module: stub })).rejects.toThrow(/exploded on purpose/);
    await expect(runTasks(bad, { workers: 0, module: stub })).rejects.toThrow(/exploded on purpose/);
  });
});

describe('runExperiment', () => {
  it('writes one JSONL line per run, the report and three charts', async () => {
    const dir = temp();
    const out = await runExperiment(tinyConfig(), { outDir: dir, workers: 2, taskModule: stub });
    expect(out.ran).toBe(6);
    const lines = readFileSync(join(dir, 'results.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(6);
    expect(JSON.parse(lines[0]!).plan).toEqual({ acts: ['relu', 'tanh', 'gelu'], seeds: [0, 1] });
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toMatch(/# actlab compare — moons/);
    expect(md).toMatch(/\| 1 \| \w+ \| 0\.\d{4} ± 0\.\d{4} \|/);
    for (const png of ['accuracy.png', 'accuracy-box.png', 'gradnorm.png']) {
      expect(md).toContain(`](${png})`);
      expect(pngSize(readFileSync(join(dir, png)))).toEqual([960, 600]);
      expect(existsSync(join(dir, png.replace('.png', '.svg')))).toBe(true);
    }
    expect(out.summary.activations.map((s) => s.runs)).toEqual([2, 2, 2]);
  });

  it('resumes: finished runs are skipped and a torn last line is dropped', async () => {
    const dir = temp();
    const config = tinyConfig();
    const first = await runExperiment({ ...config, acts: ['relu'] }, { outDir: dir, workers: 0, taskModule: stub });
    expect(first.ran).toBe(2);
    appendFileSync(join(dir, 'results.jsonl'), '{"schema":1,"key":"tanh/seed0","fingerp'); // killed mid-write
    expect(readResults(join(dir, 'results.jsonl')).torn).toBe(true);
    const seen: string[] = [];
    const second = await runExperiment(config, {
      outDir: dir,
      workers: 2,
      taskModule: stub,
      events: { start: (r) => seen.push(r.key) },
    });
    expect(second.skipped).toBe(2);
    expect(second.ran).toBe(4);
    expect(seen.sort()).toEqual(['gelu/seed0', 'gelu/seed1', 'tanh/seed0', 'tanh/seed1']);
    const read = readResults(join(dir, 'results.jsonl'));
    expect(read.torn).toBe(false);
    expect(read.results.map((r) => r.key).sort()).toEqual(
      expandRuns(config)
        .map((r) => r.key)
        .sort(),
    );
    const third = await runExperiment(config, { outDir: dir, workers: 2, taskModule: stub });
    expect(third.ran).toBe(0);
  });

  it('refuses a folder holding another configuration', async () => {
    const dir = temp();
    await runExperiment(tinyConfig({ acts: ['relu'], seeds: [0] }), { outDir: dir, workers: 0, taskModule: stub });
    await expect(
      runExperiment(tinyConfig({ epochs: 3 }), { outDir: dir, workers: 0, taskModule: stub }),
    ).rejects.toThrow(/holds results of another configuration/);
  });

  it('rejects a corrupt line that is not the last', () => {
    const dir = temp();
    writeFileSync(join(dir, 'results.jsonl'), 'garbage\n{}\n');
    expect(() => readResults(join(dir, 'results.jsonl'))).toThrow(/results.jsonl:1: not valid JSON/);
  });
});

describe('shards and merge', () => {
  it('merging the shards gives the same results as one run, whatever the worker count', async () => {
    const config = tinyConfig();
    const whole = temp();
    const one = await runExperiment(config, { outDir: whole, workers: 1, taskModule: stub });
    const shardDirs = [0, 1, 2].map(() => temp());
    for (const [i, d] of shardDirs.entries()) {
      const part = await runExperiment(config, {
        outDir: d,
        workers: i,
        shard: { index: i, count: 3 },
        taskModule: stub,
      });
      expect(part.results).toHaveLength(2);
      expect(readFileSync(join(d, 'report.md'), 'utf8')).toMatch(new RegExp(`shard ${i}/3`));
    }
    const merged = temp();
    const m = await mergeExperiments(shardDirs, merged);
    expect(m.duplicates).toBe(0);
    expect(m.results.map((r) => r.key)).toEqual(expandRuns(config).map((r) => r.key));
    expect(m.results.map(numbers)).toEqual(one.results.map(numbers));
    expect(m.summary.missing).toEqual([]);
    expect(m.summary.activations.map((a) => a.testAccuracy.mean)).toEqual(
      one.summary.activations.map((a) => a.testAccuracy.mean),
    );
    expect(readFileSync(join(merged, 'report.md'), 'utf8')).toMatch(/Merged from 3 inputs/);
  });

  it('lists runs missing from a partial merge and refuses mixed configurations', async () => {
    const config = tinyConfig();
    const a = temp();
    await runExperiment(config, { outDir: a, workers: 0, shard: { index: 0, count: 2 }, taskModule: stub });
    const out = temp();
    const m = await mergeExperiments([a], out);
    expect(m.summary.missing).toEqual(['relu/seed1', 'tanh/seed1', 'gelu/seed1']);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/Incomplete:\*\* 3 planned run/);
    const b = temp();
    await runExperiment({ ...config, lr: 0.5 }, { outDir: b, workers: 0, taskModule: stub });
    await expect(mergeExperiments([a, b], temp())).rejects.toThrow(/another configuration/);
  });
});

describe('results.jsonl values', () => {
  it('reads the null a NaN metric was written as back as NaN', () => {
    const dir = temp();
    const config = tinyConfig({ acts: ['relu'], seeds: [0] });
    const [run] = expandRuns(config);
    const result = {
      schema: 1,
      key: run!.key,
      fingerprint: run!.fingerprint,
      act: 'relu',
      seed: 0,
      config: run!.config,
      inputSize: 2,
      numClasses: 2,
      history: [],
      final: { trainLoss: NaN, trainAccuracy: NaN, testLoss: NaN, testAccuracy: NaN },
      secondsPerEpoch: 0,
      deadFraction: 1,
      deadFractionPerLayer: [1],
      gradNormInit: [],
      gradNormFinal: [],
      finishedAt: '',
    };
    writeFileSync(join(dir, 'results.jsonl'), `${JSON.stringify(result)}\n`);
    const [read] = readResults(join(dir, 'results.jsonl')).results;
    expect(read!.final.testAccuracy).toBeNaN();
  });
});

describe('models and shards in the configuration', () => {
  it('keeps the fingerprints of MLP experiments; a CNN is another configuration', () => {
    const c = tinyConfig();
    expect(fingerprint({ ...c, model: 'mlp' })).toBe(fingerprint(c));
    expect(trainConfigOf({ ...c, model: 'mlp' })).not.toHaveProperty('model');
    expect(fingerprint({ ...c, model: 'cnn' })).not.toBe(fingerprint(c));
  });

  it('missingShards names the shards (as shardRuns cuts the plan) with runs no result holds', () => {
    const keys = expandRuns(tinyConfig()).map((r) => r.key); // 6 runs
    const have = new Set(shardRuns(keys, 0, 3).concat(shardRuns(keys, 1, 3).slice(0, 1)));
    const missing = missingShards(keys, have, 3);
    expect(missing).toEqual([
      { index: 1, count: 3, missing: ['gelu/seed0'], planned: 2 },
      { index: 2, count: 3, missing: ['tanh/seed0', 'gelu/seed1'], planned: 2 },
    ]);
    expect(describeMissingShards(missing)).toBe(
      'shard 1/3 (1 of 2 runs missing: gelu/seed0), shard 2/3 (none of its 2 runs)',
    );
    expect(missingShards(keys, new Set(keys), 3)).toEqual([]);
  });
});
