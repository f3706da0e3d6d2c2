/** train, gradflow and dead, run through the built CLI at small sizes. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readStateDict } from '../../src/io/node/state-file.js';
import { tempDir } from '../experiments/helpers.js';
import { ANSI, actlab, actlabJson, pngFileSize } from './run.js';

const tmp = tempDir('actlab-cli-train-');
afterAll(tmp.cleanup);

describe('actlab train', () => {
  it("reproduces the notes' XOR figure: identity cannot separate XOR, ReLU does", () => {
    const small = ['--dataset', 'xor', '--train-size', '400', '--test-size', '200', '--epochs', '30', '--json'];
    const relu = actlabJson<Record<string, number | string | string[]>>(
      'train',
      ...small,
      '--act',
      'relu',
      '--out',
      join(tmp.dir, 'relu'),
    );
    const lin = actlabJson<Record<string, number>>(
      'train',
      ...small,
      '--act',
      'identity',
      '--out',
      join(tmp.dir, 'identity'),
    );
    expect(Object.keys(relu)).toEqual(
      expect.arrayContaining(['trainLoss', 'trainAccuracy', 'testAccuracy', 'epochs', 'seconds']),
    );
    expect(relu.epochs).toBe(30);
    expect(relu.testAccuracy).toBeGreaterThan(0.95);
    expect(lin.testAccuracy).toBeLessThan(0.75);
    for (const d of ['relu', 'identity']) {
      expect(pngFileSize(join(tmp.dir, d, 'boundary.png'))).toEqual([820, 640]);
      expect(pngFileSize(join(tmp.dir, d, 'loss.png'))).toEqual([960, 600]);
      expect(existsSync(join(tmp.dir, d, 'boundary.svg'))).toBe(true);
    }
    const weights = readStateDict(join(tmp.dir, 'relu', 'model.safetensors'));
    expect(Object.keys(weights).sort()).toEqual(['0.bias', '0.weight', '2.bias', '2.weight', '4.bias', '4.weight']);
    expect(weights['0.weight']!.shape).toEqual([8, 2]);
    const metrics = JSON.parse(readFileSync(join(tmp.dir, 'relu', 'metrics.json'), 'utf8'));
    expect(metrics.history).toHaveLength(30);
    expect(metrics.network).toBe('2 → 8 → 8 → 2');
    expect(metrics.testAccuracy).toBe(relu.testAccuracy);
  });

  it('is reproducible: the same seed gives the same numbers', () => {
    const args = [
      'train',
      '--dataset',
      'moons',
      '--train-size',
      '200',
      '--test-size',
      '100',
      '--epochs',
      '5',
      '--act',
      'gelu',
      '--seed',
      '3',
      '--json',
    ];
    const a = actlabJson<Record<string, number>>(...args, '--out', join(tmp.dir, 'a'));
    const b = actlabJson<Record<string, number>>(...args, '--out', join(tmp.dir, 'b'));
    expect([a.trainLoss, a.testAccuracy]).toEqual([b.trainLoss, b.testAccuracy]);
  });

  it('prints a table and one progress line per few epochs on stderr (no bars, no colours, not a TTY)', () => {
    const r = actlab(
      'train',
      '--dataset',
      'circles',
      '--train-size',
      '100',
      '--test-size',
      '50',
      '--epochs',
      '4',
      '--out',
      join(tmp.dir, 'c'),
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/relu on circles: 2 → 8 → 8 → 2, 4 epochs/);
    expect(r.stdout).toMatch(/│ test\s+│\s+\d\.\d{4} │\s+\d\.\d{4} │/);
    expect(r.stderr.trim().split('\n')).toEqual(
      [1, 2, 3, 4].map((e) =>
        expect.stringMatching(new RegExp(`^relu on circles: epoch ${e}/4 · train loss \\d\\.\\d{4}$`)),
      ),
    );
    expect(r.stderr + r.stdout).not.toMatch(ANSI);
  });
});

describe('actlab gradflow', () => {
  it('shows the vanishing gradient of sigmoid through depth, with a plot and a table', () => {
    const out = join(tmp.dir, 'gradflow');
    const r = actlabJson<{
      results: { act: string; depth: number; init: number[]; trained: number[] }[];
      files: string[];
    }>(
      'gradflow',
      '--act',
      'sigmoid,relu',
      '--depth',
      '2..8:6',
      '--width',
      '16',
      '--steps',
      '3',
      '--dataset',
      'gaussians',
      '--train-size',
      '128',
      '--out',
      out,
      '--json',
    );
    expect(r.results.map((x) => `${x.act}@${x.depth}`)).toEqual(['sigmoid@2', 'sigmoid@8', 'relu@2', 'relu@8']);
    for (const x of r.results) {
      expect(x.init).toHaveLength(x.depth + 1);
      expect(x.trained).toHaveLength(x.depth + 1);
    }
    const ratio = (act: string) => {
      const x = r.results.find((y) => y.act === act && y.depth === 8)!;
      return x.init[0]! / x.init[x.init.length - 1]!;
    };
    expect(ratio('sigmoid')).toBeLessThan(1e-3);
    expect(ratio('sigmoid')).toBeLessThan(ratio('relu') / 100);
    expect(pngFileSize(join(out, 'gradflow.png'))).toEqual([960, 600]);
    expect(pngFileSize(join(out, 'gradflow-depth.png'))).toEqual([960, 600]);
    expect(JSON.parse(readFileSync(join(out, 'gradflow.json'), 'utf8')).results).toHaveLength(4);
  });

  it('prints the table', () => {
    const r = actlab(
      'gradflow',
      '--act',
      'tanh',
      '--depth',
      '3',
      '--steps',
      '1',
      '--dataset',
      'moons',
      '--train-size',
      '64',
      '--out',
      join(tmp.dir, 'g2'),
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/│ tanh\s+│\s+3 │/);
    expect(r.stdout).toMatch(/wrote .*gradflow\.png/);
  });
});

describe('actlab dead', () => {
  it('counts dead units per activation × learning rate; ELU units never die', () => {
    const out = join(tmp.dir, 'dead');
    const r = actlabJson<{ results: { act: string; lr: number; curve: number[]; diverged: boolean }[] }>(
      'dead',
      '--act',
      'relu,elu',
      '--lr',
      '0.01,3',
      '--dataset',
      'moons',
      '--train-size',
      '200',
      '--test-size',
      '50',
      '--hidden',
      '16,16',
      '--epochs',
      '3',
      '--workers',
      '2',
      '--out',
      out,
      '--json',
    );
    expect(r.results.map((x) => `${x.act}@${x.lr}`)).toEqual(['relu@0.01', 'relu@3', 'elu@0.01', 'elu@3']);
    for (const x of r.results) {
      expect(x.curve[0]).toBeGreaterThanOrEqual(0);
      for (const v of x.curve) expect(v).toBeLessThanOrEqual(1);
      if (x.act === 'elu' && !x.diverged) expect(x.curve.every((v) => v === 0)).toBe(true);
    }
    expect(pngFileSize(join(out, 'dead.png'))).toEqual([960, 600]);
    expect(pngFileSize(join(out, 'dead-curves.png'))).toEqual([960, 600]);
  });

  it('gives the same numbers with 0 and 2 workers', () => {
    const args = [
      'dead',
      '--act',
      'relu',
      '--lr',
      '0.1,1',
      '--dataset',
      'spiral',
      '--train-size',
      '150',
      '--test-size',
      '30',
      '--hidden',
      '8',
      '--epochs',
      '2',
      '--json',
    ];
    const a = actlabJson<{ results: unknown[] }>(...args, '--workers', '0', '--out', join(tmp.dir, 'd0'));
    const b = actlabJson<{ results: unknown[] }>(...args, '--workers', '2', '--out', join(tmp.dir, 'd2'));
    expect(b.results).toEqual(a.results);
  });
});
