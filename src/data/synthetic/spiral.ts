/** Interleaved spiral arms (the CS231n "spiral" set). */
import type { Dataset } from '../dataset.js';
import { balancedCounts, checkInteger, checkNumber, resolveGenerator, type RandomOptions } from '../options.js';
import { buildSynthetic, linspace, type SyntheticOptions } from './build.js';

export interface SpiralOptions extends RandomOptions, SyntheticOptions {
  /** Total number of samples (default 300), split evenly over the arms. */
  n?: number;
  /** Number of arms = classes (default 3). */
  classes?: number;
  /** Std of the Gaussian noise added to the angle, in radians (default 0.2). */
  noise?: number;
}

/**
 * CS231n's spiral: arm `j` has radius `r = linspace(0, 1)` and angle
 * `t = linspace(4j, 4(j+1)) + noise·N(0,1)`, point `(r sin t, r cos t)`. The noise acts on the
 * angle, not the coordinates, so it blurs the arms without moving points off the unit disc.
 *
 * @returns features `[n, 2]`, `classes` classes.
 * @example const ds = spiral({ n: 300, classes: 3, noise: 0.2, seed: 0 });
 */
export function spiral(options: SpiralOptions = {}): Dataset {
  const { n = 300, classes = 3, noise = 0.2, shuffle = true } = options;
  checkInteger('spiral', 'n', n, 1);
  checkInteger('spiral', 'classes', classes, 2);
  checkNumber('spiral', 'noise', noise, 0);
  const gen = resolveGenerator(options);
  const points: number[] = [];
  const labels: number[] = [];
  balancedCounts(n, classes).forEach((count, j) => {
    const radii = linspace(0, 1, count);
    const angles = linspace(j * 4, (j + 1) * 4, count);
    for (let i = 0; i < count; i++) {
      const t = angles[i]! + gen.normal(0, noise);
      points.push(radii[i]! * Math.sin(t), radii[i]! * Math.cos(t));
      labels.push(j);
    }
  });
  return buildSynthetic('spiral', points, labels, 2, classes, gen, shuffle);
}
