/** The XOR problem: the classic set a linear model cannot separate. */
import { makeDataset, type Dataset } from '../dataset.js';
import { balancedCounts, checkInteger, checkNumber, resolveGenerator, type RandomOptions } from '../options.js';
import { buildSynthetic, type SyntheticOptions } from './build.js';

export interface XorOptions extends RandomOptions, SyntheticOptions {
  /** Number of samples (default 200), split evenly over the four quadrants. */
  n?: number;
  /** Standard deviation of the Gaussian noise added to each coordinate (default 0.25). */
  noise?: number;
  /**
   * `'gaussian'` (default): clusters centred at (±1, ±1); `'uniform'`: points uniform inside each
   * unit quadrant square, as in the TensorFlow playground.
   */
  clusters?: 'gaussian' | 'uniform';
}

/**
 * Four clusters, one per quadrant, labelled by the XOR of the coordinate signs:
 * `y = [x₁ > 0] ⊕ [x₂ > 0]` (so `x₁·x₂ < 0 → 1`). The label comes from the cluster, not from the
 * noisy point, so noise makes the classes overlap near the axes as in real data.
 *
 * @param options.n samples (default 200); each class gets n/2 (±1).
 * @param options.noise Gaussian noise std (default 0.25).
 * @returns features `[n, 2]`, 2 classes.
 * @example const ds = xor({ n: 400, noise: 0.1, seed: 0 });
 */
export function xor(options: XorOptions = {}): Dataset {
  const { n = 200, noise = 0.25, clusters = 'gaussian', shuffle = true } = options;
  checkInteger('xor', 'n', n, 1);
  checkNumber('xor', 'noise', noise, 0);
  if (clusters !== 'gaussian' && clusters !== 'uniform') {
    throw new RangeError(`xor: clusters must be 'gaussian' or 'uniform', got '${String(clusters)}'`);
  }
  const gen = resolveGenerator(options);
  // Quadrants in the order (+,+), (-,-), (+,-), (-,+): the first two are class 0, so the
  // even split of n over quadrants is also an even split over classes.
  const quadrants: Array<[number, number]> = [
    [1, 1],
    [-1, -1],
    [1, -1],
    [-1, 1],
  ];
  const points: number[] = [];
  const labels: number[] = [];
  balancedCounts(n, 4).forEach((count, q) => {
    const [sx, sy] = quadrants[q]!;
    for (let i = 0; i < count; i++) {
      const u = clusters === 'gaussian' ? 1 : gen.random();
      const v = clusters === 'gaussian' ? 1 : gen.random();
      points.push(sx * u + gen.normal(0, noise), sy * v + gen.normal(0, noise));
      labels.push(sx === sy ? 0 : 1);
    }
  });
  return buildSynthetic('xor', points, labels, 2, 2, gen, shuffle);
}

/** The exact XOR truth table: inputs (0,0), (0,1), (1,0), (1,1) with labels 0, 1, 1, 0. */
export function xorTable(): Dataset {
  return makeDataset({
    name: 'xor-table',
    x: new Float32Array([0, 0, 0, 1, 1, 0, 1, 1]),
    y: new Int32Array([0, 1, 1, 0]),
    featureShape: [2],
    numClasses: 2,
  });
}
