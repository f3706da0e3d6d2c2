import { describe, expect, it } from 'vitest';
import { classCounts, datasetNames, getDataset, irisDataset, loadIris } from '../../src/data/node/index.js';

describe('getDataset', () => {
  it('lists the registered names', () => {
    expect(datasetNames).toEqual(['xor', 'circles', 'moons', 'spiral', 'gaussians', 'mnist', 'fashion-mnist', 'iris']);
  });

  it('rejects unknown names, listing the valid ones', () => {
    expect(() => getDataset('mnsit')).toThrow(
      "unknown dataset 'mnsit'; valid names: xor, circles, moons, spiral, gaussians, mnist, fashion-mnist, iris",
    );
  });

  it.each(['xor', 'circles', 'moons', 'spiral', 'gaussians'] as const)('%s: a seeded train/test split', (name) => {
    const a = getDataset(name, { n: 100, seed: 2, testFraction: 0.25 });
    expect([a.train.n, a.test.n]).toEqual([75, 25]);
    const b = getDataset(name, { n: 100, seed: 2, testFraction: 0.25 });
    expect(b.train.x).toEqual(a.train.x);
    expect(b.test.y).toEqual(a.test.y);
    expect(getDataset(name, { n: 100, seed: 3 }).train.x).not.toEqual(a.train.x);
  });

  it('accepts a name chosen at run time and aliases', () => {
    const name: string = 'blobs';
    const split = getDataset(name, { n: 60, centers: 3, seed: 0 });
    expect(split.train.name).toBe('gaussians');
    expect(split.train.numClasses).toBe(3);
  });

  it('loads mnist and iris by name', () => {
    const mnist = getDataset('mnist', { trainSize: 100, testSize: 50 });
    expect([mnist.train.n, mnist.test.n]).toEqual([100, 50]);
    expect(getDataset('iris').test.n).toBe(30);
  });
});

describe('iris', () => {
  it('has 150 × 4 features and 50 per class', () => {
    const ds = irisDataset();
    expect([ds.n, ds.x.length, ds.numClasses]).toEqual([150, 600, 3]);
    expect(classCounts(ds)).toEqual([50, 50, 50]);
    expect(ds.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(Array.from(ds.x.subarray(0, 4))).toEqual([5.1, 3.5, 1.4, 0.2].map(Math.fround));
  });

  it('splits 120/30 stratified, seed 0 by default', () => {
    const { train, test } = loadIris();
    expect(classCounts(train)).toEqual([40, 40, 40]);
    expect(classCounts(test)).toEqual([10, 10, 10]);
    expect(loadIris().test.x).toEqual(test.x);
    expect(loadIris({ seed: 1 }).test.x).not.toEqual(test.x);
  });
});
