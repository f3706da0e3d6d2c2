// The browser-safe data API (actlab's root `data`): datasets from bytes and arrays the caller has,
// and getDataset's message for the file-based sets when the Node entry is not loaded. This file
// imports only the root barrel, so the file loaders are not installed here.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  DatasetNotFoundError,
  FASHION_MNIST_CLASSES,
  classCounts,
  fashionMnistFromIdx,
  fromIdx,
  getDataset,
  irisDataset,
  mnistFromDigits,
  readIdx,
  readIdxAsync,
  splitMnist,
} from '../../src/data/index.js';
import { setPlatform, platform } from '../../src/platform/index.js';
import { idxBytes } from './idx-bytes.js';

/** `n` 28×28 images with pixel value = label × 20 and their labels (label = i mod 10). */
function fakePair(n: number, size = 28) {
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 10);
  const images = new Uint8Array(n * size * size);
  labels.forEach((l, i) => images.fill(l * 20, i * size * size, (i + 1) * size * size));
  return { images: idxBytes(0x08, [n, size, size], images), labels: idxBytes(0x08, [n], labels) };
}

describe('readIdxAsync', () => {
  it('inflates gzip with DecompressionStream and parses like readIdx', async () => {
    const { images } = fakePair(3);
    const fromGz = await readIdxAsync(gzipSync(images));
    expect(fromGz.shape).toEqual([3, 28, 28]);
    expect(Array.from(fromGz.data)).toEqual(Array.from(readIdx(images).data));
    const fromBuffer = await readIdxAsync(images.slice().buffer);
    expect(fromBuffer.shape).toEqual([3, 28, 28]);
  });

  it('names the source of corrupt gzip data', async () => {
    const bad = Uint8Array.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5]);
    await expect(readIdxAsync(bad, 'x.gz')).rejects.toThrow(/^x\.gz: gzip data is corrupt/);
  });

  it('readIdx asks for readIdxAsync where the host has no synchronous gunzip (browsers)', () => {
    const previous = setPlatform({ ...platform(), gunzipSync: null });
    try {
      expect(() => readIdx(gzipSync(fakePair(1).images), 'p.gz')).toThrow(/p\.gz: gzip data needs `await readIdxAsync/);
    } finally {
      setPlatform(previous);
    }
  });
});

describe('fromIdx and fashionMnistFromIdx', () => {
  it('builds [n, 1, h, w] images in 0..1 with int32 labels', () => {
    const { images, labels } = fakePair(20, 5);
    const ds = fromIdx(images, labels, { name: 'tiny' });
    expect([ds.name, ds.n, ds.numClasses]).toEqual(['tiny', 20, 10]);
    expect(ds.featureShape).toEqual([1, 5, 5]);
    expect(ds.x[25 * 3]).toBeCloseTo(60 / 255, 6);
    expect(Array.from(ds.y.subarray(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    expect(ds.classNames?.[9]).toBe('9');
  });

  it('rejects mismatched labels, wrong image sizes and labels beyond classNames, naming the source', () => {
    const { images, labels } = fakePair(10, 5);
    const nine = idxBytes(0x08, [9], new Uint8Array(9));
    expect(() => fromIdx(images, nine, { sources: { images: 'i.idx', labels: 'l.idx' } })).toThrow(
      /^l\.idx: expected 10 uint8 labels to match i\.idx, got uint8 \[9\]$/,
    );
    expect(() => fromIdx(images, labels, { imageSize: [28, 28] })).toThrow(
      /images: expected uint8 images of shape \[n, 28, 28\], got uint8 \[10, 5, 5\]/,
    );
    expect(() => fromIdx(images, labels, { classNames: ['a', 'b'] })).toThrow(
      /label 9 is out of range for 2 classNames/,
    );
  });

  it('Fashion-MNIST from four byte arrays, with seeded stratified subsets', () => {
    const parts = { train: fakePair(100), test: fakePair(50) };
    const full = fashionMnistFromIdx(parts);
    expect([full.train.n, full.test.n]).toEqual([100, 50]);
    expect(full.train.classNames).toEqual(FASHION_MNIST_CLASSES);
    const a = fashionMnistFromIdx(parts, { trainSize: 20, testSize: 10, seed: 4 });
    expect(classCounts(a.train)).toEqual(new Array(10).fill(2));
    expect(fashionMnistFromIdx(parts, { trainSize: 20, testSize: 10, seed: 4 }).train.y).toEqual(a.train.y);
    expect(fashionMnistFromIdx(parts, { trainSize: 20, testSize: 10, seed: 5 }).train.y).not.toEqual(a.train.y);
    expect(() => fashionMnistFromIdx(parts, { trainSize: 2.5 })).toThrow(/fashionMnistFromIdx: trainSize/);
  });
});

describe('mnistFromDigits and splitMnist', () => {
  it('builds the dataset class by class and splits it seeded and stratified', () => {
    // 10 classes × 20 images; image i of class d is filled with (d + i / 100) / 10.
    const arrays = Array.from({ length: 10 }, (_, d) => {
      const a = new Float32Array(20 * 784);
      for (let i = 0; i < 20; i++) a.fill((d + i / 100) / 10, i * 784, (i + 1) * 784);
      return a;
    });
    const all = mnistFromDigits(arrays);
    expect([all.n, all.numClasses]).toEqual([200, 10]);
    expect(all.featureShape).toEqual([1, 28, 28]);
    expect(classCounts(all)).toEqual(new Array(10).fill(20));
    expect(all.y[45]).toBe(2);
    expect(all.x[45 * 784]).toBeCloseTo((2 + 5 / 100) / 10, 6);
    const split = splitMnist(all, { trainSize: 100, testSize: 50, seed: 2 });
    expect(classCounts(split.train)).toEqual(new Array(10).fill(10));
    expect(classCounts(split.test)).toEqual(new Array(10).fill(5));
    expect(splitMnist(all, { trainSize: 100, testSize: 50, seed: 2 }).train.x).toEqual(split.train.x);
    expect(splitMnist(all, { trainSize: 100, testSize: 50, seed: 3 }).train.x).not.toEqual(split.train.x);
  });

  it('rejects arrays that are not whole images and splits larger than the data', () => {
    expect(() => mnistFromDigits([new Float32Array(784), new Float32Array(783)])).toThrow(
      /mnistFromDigits: digits\[1\] has 783 values, not a multiple of 784/,
    );
    const two = mnistFromDigits([new Float32Array(784), new Float32Array(784)]);
    expect(() => splitMnist(two, { trainSize: 2, testSize: 1 })).toThrow(
      /splitMnist: trainSize \+ testSize = 3 exceeds/,
    );
  });
});

describe('getDataset without the Node entry', () => {
  it('loads the sets that need no files (iris is bundled with its package)', () => {
    expect(getDataset('moons', { n: 40 }).train.n).toBe(32);
    expect(getDataset('iris').train.n + getDataset('iris').test.n).toBe(150);
    expect(irisDataset().classNames).toEqual(['setosa', 'versicolor', 'virginica']);
  });

  it('says that mnist and fashion-mnist need actlab/node, and what to use instead', () => {
    expect(() => getDataset('mnist')).toThrow(DatasetNotFoundError);
    expect(() => getDataset('mnist')).toThrow(/'mnist' is read from files.*'actlab\/node'.*data\.mnistFromDigits/);
    expect(() => getDataset('fashion-mnist')).toThrow(/data\.fashionMnistFromIdx/);
  });
});
