import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FASHION_MNIST_DIR,
  DatasetNotFoundError,
  FASHION_MNIST_CLASSES,
  classCounts,
  createDatasetCache,
  loadFashionMnist,
} from '../../src/data/node/index.js';
import { idxBytes } from './idx-bytes.js';

const installed =
  existsSync(join(DEFAULT_FASHION_MNIST_DIR, 'train-images-idx3-ubyte.gz')) ||
  existsSync(join(DEFAULT_FASHION_MNIST_DIR, 'train-images-idx3-ubyte'));
if (!installed) {
  console.warn(
    `[skip] Fashion-MNIST is not installed in ${DEFAULT_FASHION_MNIST_DIR}: the real-data tests are skipped ` +
      '(apt-get install -y dataset-fashion-mnist to run them).',
  );
}

/** A tiny fake Fashion-MNIST: `n` images of 28×28 with pixel value = label × 20. */
function fakeDir(n: number, options: { gzip?: boolean; labelCount?: number } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'actlab-fashion-'));
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 10);
  const images = new Uint8Array(n * 784);
  labels.forEach((l, i) => images.fill(l * 20, i * 784, (i + 1) * 784));
  const write = (name: string, bytes: Uint8Array) =>
    options.gzip ? writeFileSync(join(dir, `${name}.gz`), gzipSync(bytes)) : writeFileSync(join(dir, name), bytes);
  for (const part of ['train', 't10k']) {
    write(`${part}-images-idx3-ubyte`, idxBytes(0x08, [n, 28, 28], images));
    const lc = options.labelCount ?? n;
    write(`${part}-labels-idx1-ubyte`, idxBytes(0x08, [lc], labels.subarray(0, lc)));
  }
  return dir;
}

describe('loadFashionMnist on small generated IDX files', () => {
  it('reads plain and gzipped files, scales bytes to 0..1', () => {
    for (const gzip of [false, true]) {
      const { train, test } = loadFashionMnist({ dataDir: fakeDir(30, { gzip }) });
      expect([train.n, test.n]).toEqual([30, 30]);
      expect(train.featureShape).toEqual([1, 28, 28]);
      expect(train.classNames).toEqual(FASHION_MNIST_CLASSES);
      expect(train.x[784 * 3]).toBeCloseTo(60 / 255, 6);
      expect(train.y[3]).toBe(3);
    }
  });

  it('takes seeded stratified subsets', () => {
    const dataDir = fakeDir(100);
    const a = loadFashionMnist({ dataDir, trainSize: 20, testSize: 10, seed: 4 });
    expect(classCounts(a.train)).toEqual(new Array(10).fill(2));
    expect(a.test.n).toBe(10);
    expect(loadFashionMnist({ dataDir, trainSize: 20, testSize: 10, seed: 4 }).train.y).toEqual(a.train.y);
    expect(loadFashionMnist({ dataDir, trainSize: 20, testSize: 10, seed: 5 }).train.y).not.toEqual(a.train.y);
  });

  it('says how to install when the folder or a file is missing', () => {
    const missing = join(tmpdir(), 'actlab-no-such-dir');
    expect(() => loadFashionMnist({ dataDir: missing })).toThrow(DatasetNotFoundError);
    expect(() => loadFashionMnist({ dataDir: missing })).toThrow(
      /apt-get install -y dataset-fashion-mnist.*--data-dir/,
    );
    const empty = mkdtempSync(join(tmpdir(), 'actlab-fashion-empty-'));
    expect(() => loadFashionMnist({ dataDir: empty })).toThrow(/train-images-idx3-ubyte\[\.gz\] does not exist/);
  });

  it('rejects label files that do not match the images', () => {
    expect(() => loadFashionMnist({ dataDir: fakeDir(10, { labelCount: 9 }) })).toThrow(/expected 10 uint8 labels/);
  });
});

describe.skipIf(!installed)(`Fashion-MNIST from ${DEFAULT_FASHION_MNIST_DIR}`, () => {
  const cache = createDatasetCache();

  it('loads the official 60k/10k split with 6000/1000 images per class', () => {
    const started = performance.now();
    const { train, test } = loadFashionMnist({ cache });
    console.log(`Fashion-MNIST loaded in ${Math.round(performance.now() - started)} ms`);
    expect([train.n, test.n]).toEqual([60000, 10000]);
    expect(classCounts(train)).toEqual(new Array(10).fill(6000));
    expect(classCounts(test)).toEqual(new Array(10).fill(1000));
    expect(train.x.length).toBe(60000 * 784);
    expect(Math.max(...train.x.subarray(0, 784))).toBeLessThanOrEqual(1);
    // The first training image is an ankle boot (label 9) in the official files.
    expect(train.y[0]).toBe(9);
    expect(train.classNames?.[9]).toBe('Ankle boot');
  });

  it('subsets deterministically', () => {
    const a = loadFashionMnist({ cache, trainSize: 1000, testSize: 200, seed: 0 });
    const b = loadFashionMnist({ cache, trainSize: 1000, testSize: 200, seed: 0 });
    expect(a.train.y).toEqual(b.train.y);
    expect(a.test.x).toEqual(b.test.x);
    expect(classCounts(a.train)).toEqual(new Array(10).fill(100));
  });
});
