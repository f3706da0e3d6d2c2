/** Assembles generated points into a {@link Dataset}, shuffled with the caller's generator. */
import type { Generator } from '../../tensor/random.js';
import { makeDataset, type Dataset } from '../dataset.js';

/** Options every synthetic set accepts besides its own. */
export interface SyntheticOptions {
  /** Shuffle the samples (default true, as sklearn); false keeps them grouped by class. */
  shuffle?: boolean;
}

/**
 * Packs points generated class by class (`points` flat, `dim` per point) into a dataset. Shuffling
 * happens after generation so the points themselves do not depend on the shuffle flag.
 */
export function buildSynthetic(
  name: string,
  points: readonly number[],
  labels: readonly number[],
  dim: number,
  numClasses: number,
  generator: Generator,
  shuffle: boolean,
): Dataset {
  const n = labels.length;
  const order = shuffle ? generator.permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
  const x = new Float32Array(n * dim);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const src = order[i]!;
    y[i] = labels[src]!;
    for (let d = 0; d < dim; d++) x[i * dim + d] = points[src * dim + d]!;
  }
  return makeDataset({ name, x, y, featureShape: [dim], numClasses });
}

/** `count` evenly spaced values from `start` to `stop`, both included (numpy `linspace`). */
export function linspace(start: number, stop: number, count: number, endpoint = true): number[] {
  const divisions = endpoint ? count - 1 : count;
  // numpy returns [start] for one point instead of dividing by zero.
  if (divisions <= 0) return count === 1 ? [start] : [];
  const step = (stop - start) / divisions;
  return Array.from({ length: count }, (_, i) => start + i * step);
}
