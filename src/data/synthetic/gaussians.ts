/** Isotropic Gaussian blobs (sklearn `make_blobs`). */
import type { Dataset } from '../dataset.js';
import { balancedCounts, checkInteger, checkNumber, resolveGenerator, type RandomOptions } from '../options.js';
import { buildSynthetic, type SyntheticOptions } from './build.js';

export interface GaussiansOptions extends RandomOptions, SyntheticOptions {
  /** Total number of samples (default 200), split evenly over the blobs. */
  n?: number;
  /**
   * Number of blobs (default 3), placed evenly on a circle of radius `radius` so every class is
   * equally far from its neighbours; or explicit centres, one per class, all of one dimension.
   */
  centers?: number | ReadonlyArray<readonly number[]>;
  /** Standard deviation of each blob (default 0.5); sklearn calls it `cluster_std`. */
  std?: number;
  /** Radius of the circle the centres lie on when `centers` is a count (default 2). */
  radius?: number;
}

/**
 * One isotropic Gaussian blob per class: sample = centre + std·N(0, I).
 *
 * @returns features `[n, d]` (d = 2, or the dimension of explicit centres), one class per centre.
 * @example const ds = gaussians({ centers: [[0, 0], [3, 3]], std: 1, seed: 0 });
 */
export function gaussians(options: GaussiansOptions = {}): Dataset {
  const { n = 200, centers = 3, std = 0.5, radius = 2, shuffle = true } = options;
  checkInteger('gaussians', 'n', n, 1);
  checkNumber('gaussians', 'std', std, 0);
  checkNumber('gaussians', 'radius', radius, 0);
  const means = typeof centers === 'number' ? circleCenters(centers, radius) : centers;
  if (means.length < 1) throw new RangeError('gaussians: centers must list at least one centre');
  const dim = means[0]!.length;
  means.forEach((c, k) => {
    if (c.length !== dim || dim < 1 || !c.every(Number.isFinite)) {
      throw new RangeError(
        `gaussians: centers[${k}] must be ${dim} finite numbers like centers[0], got [${c.join(', ')}]`,
      );
    }
  });
  const gen = resolveGenerator(options);
  const points: number[] = [];
  const labels: number[] = [];
  balancedCounts(n, means.length).forEach((count, k) => {
    for (let i = 0; i < count; i++) {
      for (const m of means[k]!) points.push(m + gen.normal(0, std));
      labels.push(k);
    }
  });
  return buildSynthetic('gaussians', points, labels, dim, means.length, gen, shuffle);
}

function circleCenters(count: number, radius: number): number[][] {
  checkInteger('gaussians', 'centers', count, 1);
  // Evenly spaced angles keep neighbouring centres equally far apart; starting at the top
  // (angle π/2) only makes plots look tidy.
  return Array.from({ length: count }, (_, k) => {
    const t = Math.PI / 2 + (2 * Math.PI * k) / count;
    return [radius * Math.cos(t), radius * Math.sin(t)];
  });
}
