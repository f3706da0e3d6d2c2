/** Seeded train/test splits and row subsets. */
import type { Generator } from '../tensor/random.js';
import { featureSize, makeDataset, type Dataset, type DatasetSplit } from './dataset.js';
import { checkInteger, checkNumber, resolveGenerator, type RandomOptions } from './options.js';

export interface SplitOptions extends RandomOptions {
  /** Fraction of samples in the test set (default 0.2); ignored when `testSize` is given. */
  testFraction?: number;
  /** Exact number of test samples. */
  testSize?: number;
  /** Exact number of train samples (default: all samples not in the test set). */
  trainSize?: number;
  /**
   * Keep each class's share equal in train and test (default true): small sets such as iris
   * otherwise get visibly uneven class ratios from an unlucky shuffle.
   */
  stratify?: boolean;
}

/**
 * Splits a dataset into seeded train and test sets (sklearn's `train_test_split`, stratified by
 * default). Sizes are exact: `testSize = ⌈testFraction·n⌉` as sklearn; each part is shuffled so
 * classes are interleaved. Same seed → same split on every machine.
 *
 * @example const { train, test } = trainTestSplit(moons({ seed: 0 }), { testFraction: 0.25, seed: 1 });
 */
export function trainTestSplit(ds: Dataset, options: SplitOptions = {}): DatasetSplit {
  const { testFraction = 0.2, stratify = true } = options;
  checkNumber('trainTestSplit', 'testFraction', testFraction, 0, 1);
  // The epsilon keeps float products such as 0.1 × 30 = 3.0000000000000004 from rounding up.
  const testSize = options.testSize ?? Math.ceil(testFraction * ds.n - 1e-9);
  const trainSize = options.trainSize ?? ds.n - testSize;
  checkInteger('trainTestSplit', 'testSize', testSize, 0);
  checkInteger('trainTestSplit', 'trainSize', trainSize, 0);
  if (trainSize + testSize > ds.n) {
    throw new RangeError(
      `trainTestSplit: trainSize + testSize = ${trainSize} + ${testSize} exceeds the ${ds.n} samples of '${ds.name}'`,
    );
  }
  const gen = resolveGenerator(options);
  const { train, test } = splitIndices(ds.y, ds.numClasses, trainSize, testSize, gen, stratify);
  return { train: subset(ds, train), test: subset(ds, test) };
}

/**
 * A seeded subset of `size` samples, stratified so class shares match the full set.
 * Used to take e.g. 10,000 of Fashion-MNIST's 60,000 training images.
 */
export function sampleSubset(ds: Dataset, size: number, generator: Generator, stratify = true): Dataset {
  checkInteger('sampleSubset', 'size', size, 0);
  if (size > ds.n) throw new RangeError(`sampleSubset: size ${size} exceeds the ${ds.n} samples of '${ds.name}'`);
  return subset(ds, splitIndices(ds.y, ds.numClasses, size, 0, generator, stratify).train);
}

/** Copies the rows `indices` (in that order) into a new dataset. */
export function subset(ds: Dataset, indices: ArrayLike<number>, name = ds.name): Dataset {
  const size = featureSize(ds.featureShape);
  const x = new Float32Array(indices.length * size);
  const y = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const src = indices[i]!;
    if (!Number.isInteger(src) || src < 0 || src >= ds.n) {
      throw new RangeError(`subset: index ${src} at position ${i} is outside [0, ${ds.n}) for '${ds.name}'`);
    }
    y[i] = ds.y[src]!;
    x.set(ds.x.subarray(src * size, (src + 1) * size), i * size);
  }
  const out: Omit<Dataset, 'n'> = { name, x, y, featureShape: [...ds.featureShape], numClasses: ds.numClasses };
  if (ds.classNames !== undefined) out.classNames = [...ds.classNames];
  return makeDataset(out);
}

/**
 * Seeded train/test row indices. Stratified: each class contributes its proportional share to
 * each part, rounded by the largest-remainder method so the totals are exact.
 */
export function splitIndices(
  labels: Int32Array,
  numClasses: number,
  trainSize: number,
  testSize: number,
  generator: Generator,
  stratify: boolean,
): { train: Int32Array; test: Int32Array } {
  const perm = generator.permutation(labels.length);
  if (!stratify) {
    return { test: perm.slice(0, testSize), train: perm.slice(testSize, testSize + trainSize) };
  }
  // Grouping the permuted indices by class gives each class a seeded random order.
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (const i of perm) byClass[labels[i]!]!.push(i);
  const counts = byClass.map((c) => c.length);
  const testCounts = allocate(counts, testSize);
  const trainCounts = allocate(
    counts.map((c, k) => c - testCounts[k]!),
    trainSize,
  );
  const test: number[] = [];
  const train: number[] = [];
  byClass.forEach((members, k) => {
    test.push(...members.slice(0, testCounts[k]));
    train.push(...members.slice(testCounts[k], testCounts[k]! + trainCounts[k]!));
  });
  // Interleave the classes; otherwise every part would be sorted by label.
  const shuffled = (idx: number[]): Int32Array => Int32Array.from(generator.permutation(idx.length), (p) => idx[p]!);
  return { train: shuffled(train), test: shuffled(test) };
}

/**
 * Splits `total` over classes in proportion to `capacity` (largest remainder, ties to the lower
 * class). A class gets at most ⌈its quota⌉ ≤ its capacity, so no class is over-drawn.
 */
function allocate(capacity: readonly number[], total: number): number[] {
  const pool = capacity.reduce((a, b) => a + b, 0);
  if (pool === 0) return capacity.map(() => 0);
  // Integer arithmetic: quota = cap·total/pool = floor + remainder/pool, exactly.
  const floors = capacity.map((c) => Math.floor((c * total) / pool));
  const remainders = capacity.map((c, k) => c * total - floors[k]! * pool);
  let left = total - floors.reduce((a, b) => a + b, 0);
  const order = capacity.map((_, k) => k).sort((a, b) => remainders[b]! - remainders[a]! || a - b);
  for (const k of order) {
    if (left === 0) break;
    floors[k]! += 1;
    left -= 1;
  }
  return floors;
}
