/**
 * Mini-batches of the playground's data as tensors, in a seeded shuffled order that is redrawn
 * every epoch (as the library's DataLoader), with the targets each loss wants.
 */
import { Generator, tensor, type Tensor } from '../lib.js';
import type { LossName } from '../state/playground.js';

/** Features and labels/targets of one set, ready for the network. */
export interface Rows {
  x: Float32Array;
  y: Int32Array | Float32Array;
  n: number;
  features: number;
}

/** The target tensor a loss takes: class indices (cross-entropy), [B, 1] floats (BCE, regression) or one-hot rows (MSE on classes). */
export function targetTensor(rows: Rows, index: ArrayLike<number>, loss: LossName, outputs: number): Tensor {
  const b = index.length;
  if (rows.y instanceof Int32Array && loss === 'cross_entropy') {
    return tensor(
      Int32Array.from({ length: b }, (_, i) => rows.y[index[i]!]!),
      { shape: [b], dtype: 'int32' },
    );
  }
  if (rows.y instanceof Int32Array && loss === 'mse' && outputs > 1) {
    const t = new Float32Array(b * outputs);
    for (let i = 0; i < b; i++) t[i * outputs + rows.y[index[i]!]!] = 1;
    return tensor(t, { shape: [b, outputs] });
  }
  return tensor(
    Float32Array.from({ length: b }, (_, i) => rows.y[index[i]!]!),
    { shape: [b, 1] },
  );
}

/** The feature rows `index` as a [B, features] tensor. */
export function featureTensor(rows: Rows, index: ArrayLike<number>): Tensor {
  const f = rows.features;
  const x = new Float32Array(index.length * f);
  for (let i = 0; i < index.length; i++) x.set(rows.x.subarray(index[i]! * f, (index[i]! + 1) * f), i * f);
  return tensor(x, { shape: [index.length, f] });
}

/** Draws batch indices: a fresh permutation each epoch from one seeded generator. */
export class BatchOrder {
  readonly #generator: Generator;
  #order: Int32Array;
  #cursor = 0;
  epoch = 0;

  constructor(
    readonly n: number,
    readonly batchSize: number,
    seed: number,
  ) {
    this.#generator = new Generator(seed);
    this.#order = this.#generator.permutation(n);
  }

  /** The next batch (the last one of an epoch may be smaller); counts epochs. */
  next(): Int32Array {
    if (this.#cursor >= this.n) {
      this.#order = this.#generator.permutation(this.n);
      this.#cursor = 0;
      this.epoch++;
    }
    const batch = this.#order.subarray(this.#cursor, Math.min(this.n, this.#cursor + this.batchSize));
    this.#cursor += batch.length;
    return batch;
  }
}
