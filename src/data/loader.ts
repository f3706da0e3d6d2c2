/**
 * DataLoader: turns a dataset (flat typed arrays) or a pair of tensors into mini-batches of
 * tensors, in order or in a seeded shuffled order that changes every epoch (as torch's
 * DataLoader with a seeded generator): the same seed gives the same batches on every run.
 */
import { Tensor } from '../tensor/tensor.js';
import type { FloatDType, Storage } from '../tensor/dtype.js';
import { fmtShape } from '../tensor/shape.js';
import { Generator, defaultGenerator } from '../tensor/random.js';
import { getBackend } from '../backend/registry.js';
import type { Dataset } from './dataset.js';

/** What a DataLoader reads: a dataset, or inputs and targets as tensors sharing their first dim. */
export type DataSource = Dataset | { x: Tensor; y: Tensor };

export interface DataLoaderOptions {
  /** Samples per batch (default 1, as torch). */
  batchSize?: number;
  /** Reshuffle the order at the start of every epoch (default false). */
  shuffle?: boolean;
  /** Seed of the shuffling (a fresh generator); without seed or generator, the default generator. */
  seed?: number;
  generator?: Generator;
  /** Drop the last batch when it is smaller than batchSize (default false). */
  dropLast?: boolean;
  /** dtype of the input batches for Dataset sources (default float32). */
  dtype?: FloatDType;
}

export interface Batch {
  /** Inputs `[B, ...featureShape]`. */
  x: Tensor;
  /** Targets `[B, ...]`: int32 class labels for datasets. */
  y: Tensor;
  /** Which samples of the source, in order. */
  indices: Int32Array;
}

interface Columns {
  x: Storage;
  xShape: readonly number[];
  xDType: Tensor['dtype'];
  y: Storage;
  yShape: readonly number[];
  yDType: Tensor['dtype'];
  n: number;
}

function columns(source: DataSource, dtype: FloatDType): Columns {
  if (source.x instanceof Tensor && source.y instanceof Tensor) {
    const { x, y } = source;
    if (x.ndim === 0 || y.ndim === 0 || x.shape[0] !== y.shape[0]) {
      throw new RangeError(
        `DataLoader: x ${fmtShape(x.shape)} and y ${fmtShape(y.shape)} must share their first (sample) dim`,
      );
    }
    return {
      x: x.data,
      xShape: x.shape.slice(1),
      xDType: x.dtype,
      y: y.data,
      yShape: y.shape.slice(1),
      yDType: y.dtype,
      n: x.shape[0]!,
    };
  }
  const ds = source as Dataset;
  if (!(ds.x instanceof Float32Array) || !(ds.y instanceof Int32Array) || !Array.isArray(ds.featureShape)) {
    throw new TypeError(
      'DataLoader: expected a Dataset ({x: Float32Array, y: Int32Array, n, featureShape, …}) or {x: Tensor, y: Tensor}',
    );
  }
  const size = ds.featureShape.reduce((p, d) => p * d, 1);
  if (ds.x.length !== ds.n * size || ds.y.length !== ds.n) {
    throw new RangeError(
      `DataLoader: dataset '${ds.name}' has ${ds.x.length} features and ${ds.y.length} labels for n = ${ds.n} samples of shape ${fmtShape(ds.featureShape)}`,
    );
  }
  return { x: ds.x, xShape: ds.featureShape, xDType: dtype, y: ds.y, yShape: [], yDType: 'int32', n: ds.n };
}

/** Copies rows `idx` of a row-major array with `size` values per row into a new tensor. */
function gather(src: Storage, size: number, idx: Int32Array, shape: readonly number[], dtype: Tensor['dtype']): Tensor {
  const out = getBackend(dtype).alloc(dtype, idx.length * size);
  if (size === 1) {
    for (let i = 0; i < idx.length; i++) out[i] = src[idx[i]!]!;
  } else {
    for (let i = 0; i < idx.length; i++) {
      const from = idx[i]! * size;
      (out as Float64Array).set((src as Float64Array).subarray(from, from + size), i * size);
    }
  }
  return new Tensor(out, [idx.length, ...shape], dtype);
}

/**
 * Iterates mini-batches `{x, y, indices}`; iterate again for the next epoch.
 * @example for (const { x, y } of new DataLoader(train, { batchSize: 64, shuffle: true, seed: 0 })) { … }
 */
export class DataLoader implements Iterable<Batch> {
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  private readonly cols: Columns;
  private readonly generator: Generator;

  constructor(source: DataSource, options: DataLoaderOptions = {}) {
    const { batchSize = 1, shuffle = false, dropLast = false } = options;
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new RangeError(`DataLoader: batchSize must be a positive integer, got ${batchSize}`);
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
    this.cols = columns(source, options.dtype ?? 'float32');
    this.generator = options.generator ?? (options.seed !== undefined ? new Generator(options.seed) : defaultGenerator);
  }

  /** Number of samples. */
  get size(): number {
    return this.cols.n;
  }

  /** Batches per epoch. */
  get length(): number {
    const n = this.cols.n;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  *[Symbol.iterator](): Iterator<Batch> {
    const c = this.cols;
    const order = this.shuffle ? this.generator.permutation(c.n) : Int32Array.from({ length: c.n }, (_, i) => i);
    const xSize = c.xShape.reduce((p, d) => p * d, 1);
    const ySize = c.yShape.reduce((p, d) => p * d, 1);
    for (let b = 0; b < this.length; b++) {
      const indices = order.subarray(b * this.batchSize, Math.min(c.n, (b + 1) * this.batchSize));
      yield {
        x: gather(c.x, xSize, indices, c.xShape, c.xDType),
        y: gather(c.y, ySize, indices, c.yShape, c.yDType),
        indices,
      };
    }
  }
}
