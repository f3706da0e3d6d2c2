import { describe, expect, it } from 'vitest';
import {
  classCounts,
  gaussians,
  makeDataset,
  normalize,
  oneHot,
  spiral,
  standardize,
  subset,
  trainTestSplit,
  validateDataset,
  type Dataset,
} from '../../src/data/index.js';

const rowKey = (ds: Dataset, i: number) => Array.from(ds.x.subarray(2 * i, 2 * i + 2)).join(',');

describe('trainTestSplit', () => {
  const ds = spiral({ n: 300, classes: 3, seed: 0 });

  it('makes a stratified, disjoint, exhaustive split of exact size', () => {
    const { train, test } = trainTestSplit(ds, { testFraction: 0.2, seed: 1 });
    expect([train.n, test.n]).toEqual([240, 60]);
    expect(classCounts(train)).toEqual([80, 80, 80]);
    expect(classCounts(test)).toEqual([20, 20, 20]);
    const all = new Set(Array.from({ length: ds.n }, (_, i) => rowKey(ds, i)));
    const seen = new Set<string>();
    for (const part of [train, test]) for (let i = 0; i < part.n; i++) seen.add(rowKey(part, i));
    expect(seen).toEqual(all);
  });

  it('is deterministic per seed', () => {
    const a = trainTestSplit(ds, { seed: 5 });
    expect(trainTestSplit(ds, { seed: 5 }).test.x).toEqual(a.test.x);
    expect(trainTestSplit(ds, { seed: 6 }).test.x).not.toEqual(a.test.x);
  });

  it('allocates uneven classes by largest remainder and honours exact sizes', () => {
    const uneven = subset(
      ds,
      Array.from({ length: 100 }, (_, i) => i).filter((i) => ds.y[i] !== 2 || i % 3 === 0),
    );
    const { train, test } = trainTestSplit(uneven, { testSize: 17, trainSize: 40, seed: 0 });
    expect([train.n, test.n]).toEqual([40, 17]);
    const total = classCounts(uneven);
    classCounts(test).forEach((c, k) => expect(Math.abs(c - (total[k]! * 17) / uneven.n)).toBeLessThan(1));
  });

  it('ceil(testFraction·n) as sklearn, without float noise', () => {
    const small = subset(
      ds,
      Array.from({ length: 30 }, (_, i) => i),
    );
    expect(trainTestSplit(small, { testFraction: 0.1, seed: 0 }).test.n).toBe(3);
    expect(trainTestSplit(small, { testFraction: 0.11, seed: 0 }).test.n).toBe(4);
  });

  it('supports unstratified splits and rejects impossible sizes', () => {
    expect(trainTestSplit(ds, { stratify: false, seed: 0 }).test.n).toBe(60);
    expect(() => trainTestSplit(ds, { trainSize: 300, testSize: 1 })).toThrow(/exceeds the 300 samples/);
    expect(() => trainTestSplit(ds, { testFraction: 2 })).toThrow(/testFraction/);
  });
});

describe('validation', () => {
  const base = { name: 'toy', featureShape: [2], numClasses: 2 };
  it('rejects NaN features, naming the dataset and sample', () => {
    expect(() => makeDataset({ ...base, x: new Float32Array([0, 1, NaN, 2]), y: new Int32Array([0, 1]) })).toThrow(
      /dataset 'toy': sample 1 has a non-finite feature \(NaN\) at feature index 0/,
    );
  });
  it('rejects labels outside [0, numClasses)', () => {
    expect(() => makeDataset({ ...base, x: new Float32Array(4), y: new Int32Array([0, 2]) })).toThrow(
      /dataset 'toy': sample 1 has label 2, outside \[0, 2\)/,
    );
    expect(() => makeDataset({ ...base, x: new Float32Array(4), y: new Int32Array([-1, 0]) })).toThrow(/label -1/);
  });
  it('rejects length mismatches', () => {
    const ds = { ...base, x: new Float32Array(5), y: new Int32Array(2), n: 2 };
    expect(() => validateDataset(ds)).toThrow(/x has 5 values but n × featureSize is 2 × 2 = 4/);
  });
});

describe('subset', () => {
  it('copies rows in order and checks bounds', () => {
    const ds = gaussians({ n: 10, seed: 0 });
    const s = subset(ds, [3, 1]);
    expect(Array.from(s.x)).toEqual([...ds.x.subarray(6, 8), ...ds.x.subarray(2, 4)]);
    expect(Array.from(s.y)).toEqual([ds.y[3], ds.y[1]]);
    expect(() => subset(ds, [10])).toThrow(/index 10 at position 0 is outside \[0, 10\)/);
  });
});

describe('scaling', () => {
  const split = trainTestSplit(
    gaussians({
      n: 400,
      centers: [
        [5, -3],
        [7, 100],
      ],
      std: 2,
      seed: 0,
    }),
    { seed: 0 },
  );

  it('standardize fits on train only and applies the same map to test', () => {
    const { train, test, scaling } = standardize(split);
    for (let f = 0; f < 2; f++) {
      let m = 0;
      let v = 0;
      for (let i = 0; i < train.n; i++) m += train.x[2 * i + f]!;
      m /= train.n;
      for (let i = 0; i < train.n; i++) v += (train.x[2 * i + f]! - m) ** 2;
      expect(m).toBeCloseTo(0, 5);
      expect(v / train.n).toBeCloseTo(1, 4);
    }
    expect(test.x[0]).toBeCloseTo((split.test.x[0]! - scaling.shift[0]!) / scaling.scale[0]!, 5);
  });

  it('normalize maps the train range to [0, 1]', () => {
    const { train } = normalize(split);
    expect(Math.min(...train.x)).toBeCloseTo(0, 6);
    expect(Math.max(...train.x)).toBeCloseTo(1, 6);
    const wide = normalize(split, { range: [-1, 1], perFeature: false });
    expect(Math.min(...wide.train.x)).toBeCloseTo(-1, 6);
    expect(wide.scaling.shift.length).toBe(1);
  });

  it('leaves constant features finite', () => {
    const flat = makeDataset({
      name: 'flat',
      x: new Float32Array([1, 2, 1, 3]),
      y: new Int32Array([0, 1]),
      featureShape: [2],
      numClasses: 2,
    });
    const { train } = standardize({ train: flat, test: flat });
    expect(Array.from(train.x)).toEqual([0, -1, 0, 1]);
  });
});

describe('oneHot', () => {
  it('encodes and validates labels', () => {
    expect(Array.from(oneHot(new Int32Array([2, 0]), 3))).toEqual([0, 0, 1, 1, 0, 0]);
    expect(() => oneHot([0, 3], 3)).toThrow(/label 3 at index 1 is outside \[0, 3\)/);
  });
});
