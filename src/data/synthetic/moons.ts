/** Two interleaving half circles (sklearn `make_moons`). */
import type { Dataset } from '../dataset.js';
import { checkInteger, checkNumber, resolveGenerator, type RandomOptions } from '../options.js';
import { buildSynthetic, linspace, type SyntheticOptions } from './build.js';

export interface MoonsOptions extends RandomOptions, SyntheticOptions {
  /** Number of samples (default 200): ⌊n/2⌋ in the upper moon, the rest in the lower one. */
  n?: number;
  /** Std of the Gaussian noise added to each coordinate (default 0.1). */
  noise?: number;
}

/**
 * sklearn's `make_moons`: upper moon `(cos t, sin t)` with label 0 and lower moon
 * `(1 − cos t, 1 − sin t − 0.5)` with label 1, `t` evenly spaced in `[0, π]`.
 *
 * @returns features `[n, 2]`, 2 classes.
 * @example const ds = moons({ n: 500, noise: 0.2, seed: 42 });
 */
export function moons(options: MoonsOptions = {}): Dataset {
  const { n = 200, noise = 0.1, shuffle = true } = options;
  checkInteger('moons', 'n', n, 1);
  checkNumber('moons', 'noise', noise, 0);
  const gen = resolveGenerator(options);
  const nOut = Math.floor(n / 2);
  const points: number[] = [];
  const labels: number[] = [];
  for (const t of linspace(0, Math.PI, nOut)) {
    points.push(Math.cos(t), Math.sin(t));
    labels.push(0);
  }
  for (const t of linspace(0, Math.PI, n - nOut)) {
    points.push(1 - Math.cos(t), 1 - Math.sin(t) - 0.5);
    labels.push(1);
  }
  for (let i = 0; i < points.length; i++) points[i]! += gen.normal(0, noise);
  return buildSynthetic('moons', points, labels, 2, 2, gen, shuffle);
}
