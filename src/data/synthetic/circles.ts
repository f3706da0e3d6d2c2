/** Two concentric circles (sklearn `make_circles`). */
import type { Dataset } from '../dataset.js';
import { checkInteger, checkNumber, resolveGenerator, type RandomOptions } from '../options.js';
import { buildSynthetic, linspace, type SyntheticOptions } from './build.js';

export interface CirclesOptions extends RandomOptions, SyntheticOptions {
  /** Number of samples (default 200): ⌊n/2⌋ on the outer circle, the rest on the inner one. */
  n?: number;
  /** Std of the Gaussian noise added to each coordinate (default 0.05). */
  noise?: number;
  /** Inner radius relative to the outer one, in (0, 1) (default 0.5). */
  factor?: number;
}

/**
 * Outer circle (label 0, radius 1) around an inner circle (label 1, radius `factor`), points
 * evenly spaced in angle, as sklearn's `make_circles`: only a non-linear boundary separates them.
 *
 * @returns features `[n, 2]`, 2 classes.
 * @example const ds = circles({ n: 300, factor: 0.5, noise: 0.05, seed: 1 });
 */
export function circles(options: CirclesOptions = {}): Dataset {
  const { n = 200, noise = 0.05, factor = 0.5, shuffle = true } = options;
  checkInteger('circles', 'n', n, 1);
  checkNumber('circles', 'noise', noise, 0);
  if (!(factor > 0 && factor < 1)) {
    throw new RangeError(`circles: factor must be in (0, 1), got ${factor}`);
  }
  const gen = resolveGenerator(options);
  const nOut = Math.floor(n / 2);
  const points: number[] = [];
  const labels: number[] = [];
  const ring = (count: number, radius: number, label: number): void => {
    // endpoint=false as sklearn: 0 and 2π are the same point.
    for (const t of linspace(0, 2 * Math.PI, count, false)) {
      points.push(radius * Math.cos(t), radius * Math.sin(t));
      labels.push(label);
    }
  };
  ring(nOut, 1, 0);
  ring(n - nOut, factor, 1);
  for (let i = 0; i < points.length; i++) points[i]! += gen.normal(0, noise);
  return buildSynthetic('circles', points, labels, 2, 2, gen, shuffle);
}
