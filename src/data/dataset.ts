/**
 * The raw dataset type shared by every loader: flat typed arrays, no Tensor dependency, so the
 * loaders stay usable from workers, the web lab and the CLI without pulling in the engine.
 */

/** A labelled classification dataset stored as flat, row-major typed arrays. */
export interface Dataset {
  /** Registry name (`'moons'`, `'mnist'`, …), used in error messages. */
  name: string;
  /** Features, `n × prod(featureShape)` floats, row-major (sample i starts at `i * featureSize`). */
  x: Float32Array;
  /** Class labels in `[0, numClasses)`, one per sample. */
  y: Int32Array;
  /** Number of samples. */
  n: number;
  /** Shape of one sample: `[2]` for the 2-D sets, `[4]` for iris, `[1, 28, 28]` for images. */
  featureShape: number[];
  numClasses: number;
  /** Human-readable class names, indexed by label. */
  classNames?: string[];
}

/** A train/test pair, as every registry loader returns. */
export interface DatasetSplit {
  train: Dataset;
  test: Dataset;
}

/**
 * An explicit cache for parsed file-backed datasets (MNIST, Fashion-MNIST), passed by the caller
 * so repeated loads skip parsing without hidden module state. Keys are chosen by the loaders.
 */
export type DatasetCache = Map<string, Dataset>;

/** Creates an empty {@link DatasetCache}. */
export function createDatasetCache(): DatasetCache {
  return new Map<string, Dataset>();
}

/** Number of floats per sample: the product of `featureShape`. */
export function featureSize(featureShape: readonly number[]): number {
  return featureShape.reduce((a, b) => a * b, 1);
}

/**
 * Builds a {@link Dataset} and validates it (see {@link validateDataset}).
 *
 * @example
 * const ds = makeDataset({ name: 'toy', x: new Float32Array([0, 1, 2, 3]), y: new Int32Array([0, 1]),
 *                          featureShape: [2], numClasses: 2 });
 */
export function makeDataset(fields: Omit<Dataset, 'n'>): Dataset {
  const ds: Dataset = { ...fields, n: fields.y.length };
  validateDataset(ds);
  return ds;
}

/**
 * Checks a dataset's invariants and throws an error naming the dataset and the offending sample:
 * array lengths agree with `n` and `featureShape`, features are finite (a NaN silently poisons
 * every gradient downstream, so it is caught here), labels lie in `[0, numClasses)`.
 */
export function validateDataset(ds: Dataset): void {
  const size = featureSize(ds.featureShape);
  if (!Number.isInteger(ds.numClasses) || ds.numClasses < 1) {
    throw new RangeError(`dataset '${ds.name}': numClasses must be a positive integer, got ${ds.numClasses}`);
  }
  if (ds.y.length !== ds.n) {
    throw new RangeError(`dataset '${ds.name}': y has ${ds.y.length} labels but n is ${ds.n}`);
  }
  if (ds.x.length !== ds.n * size) {
    throw new RangeError(
      `dataset '${ds.name}': x has ${ds.x.length} values but n × featureSize is ${ds.n} × ${size} = ${ds.n * size}`,
    );
  }
  if (ds.classNames !== undefined && ds.classNames.length !== ds.numClasses) {
    throw new RangeError(
      `dataset '${ds.name}': ${ds.classNames.length} class names given for ${ds.numClasses} classes`,
    );
  }
  const x = ds.x;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!)) {
      const sample = Math.floor(i / size);
      throw new RangeError(
        `dataset '${ds.name}': sample ${sample} has a non-finite feature (${x[i]}) at feature index ${i - sample * size}`,
      );
    }
  }
  for (let i = 0; i < ds.n; i++) {
    const label = ds.y[i]!;
    if (label < 0 || label >= ds.numClasses) {
      throw new RangeError(`dataset '${ds.name}': sample ${i} has label ${label}, outside [0, ${ds.numClasses})`);
    }
  }
}

/** Per-class sample counts, indexed by label. */
export function classCounts(ds: Pick<Dataset, 'y' | 'numClasses'>): number[] {
  const counts = new Array<number>(ds.numClasses).fill(0);
  for (const label of ds.y) counts[label]! += 1;
  return counts;
}
