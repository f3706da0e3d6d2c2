/**
 * Option helpers shared by the dataset generators: seeding and argument checks with messages
 * that name the function, the argument, the bad value and what is allowed.
 */
import { Generator, defaultGenerator } from '../tensor/random.js';

/** Seeding options accepted by every random dataset function. */
export interface RandomOptions {
  /** Seed for a fresh {@link Generator}; the same seed gives the same data on every machine. */
  seed?: number;
  /** A generator to draw from (advanced by the call); takes precedence over `seed`. */
  generator?: Generator;
}

/**
 * The generator a call draws from: `generator` if given, else a fresh one from `seed`, else the
 * shared default generator (reseeded by `manualSeed`, as torch's global generator).
 */
export function resolveGenerator(options: RandomOptions, fallbackSeed?: number): Generator {
  if (options.generator !== undefined) return options.generator;
  const seed = options.seed ?? fallbackSeed;
  return seed === undefined ? defaultGenerator : new Generator(seed);
}

/** Throws unless `value` is an integer ≥ `min`. */
export function checkInteger(fn: string, arg: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${fn}: ${arg} must be an integer ≥ ${min}, got ${value}`);
  }
}

/** Throws unless `value` is a finite number in `[min, max]` (bounds optional). */
export function checkNumber(fn: string, arg: string, value: number, min = -Infinity, max = Infinity): void {
  if (!Number.isFinite(value) || value < min || value > max) {
    const range = max === Infinity ? `≥ ${min}` : `in [${min}, ${max}]`;
    throw new RangeError(`${fn}: ${arg} must be a finite number ${range}, got ${value}`);
  }
}

/**
 * Splits `n` samples over `k` classes as evenly as possible: the first `n mod k` classes get one
 * extra sample, so class sizes differ by at most one.
 */
export function balancedCounts(n: number, k: number): number[] {
  const base = Math.floor(n / k);
  return Array.from({ length: k }, (_, c) => base + (c < n % k ? 1 : 0));
}
