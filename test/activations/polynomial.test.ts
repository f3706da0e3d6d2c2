/**
 * Why `square` is in the catalog: the universal approximation theorem needs a non-polynomial
 * activation (Leshno et al. 1993). A network of square units computes a polynomial of its input
 * whose degree is 2^depth however wide it is, so fitting stalls at the best such polynomial;
 * tanh units have no such ceiling. Checked exactly: finite differences of order degree + 1 vanish.
 */
import { describe, expect, it } from 'vitest';
import { Activation } from '../../src/nn/activation.js';
import { Sequential } from '../../src/nn/container.js';
import { Linear } from '../../src/nn/linear.js';
import { linspace } from '../../src/tensor/create.js';
import { manualSeed } from '../../src/tensor/random.js';

/** The largest |Δⁿ y| over an evenly spaced sequence, relative to max |y|. */
function maxDifference(values: readonly number[], order: number): number {
  let d = [...values];
  for (let k = 0; k < order; k++) d = d.slice(1).map((v, i) => v - d[i]!);
  return Math.max(...d.map(Math.abs)) / Math.max(...values.map(Math.abs));
}

/** A random MLP 1 → 32 → … → 1 with `depth` hidden layers of `act`, on 64 points of [−2, 2]. */
function outputs(act: string, depth: number): number[] {
  manualSeed(5);
  const layers = [];
  for (let l = 0; l < depth; l++)
    layers.push(new Linear(l === 0 ? 1 : 32, 32, { dtype: 'float64' }), new Activation(act));
  const net = new Sequential(...layers, new Linear(32, 1, { dtype: 'float64' }));
  const x = linspace(-2, 2, 64, { dtype: 'float64' }).reshape(64, 1);
  return Array.from(net.forward(x).data);
}

describe('square: networks of it are polynomials of bounded degree', () => {
  it.each([
    [1, 2],
    [2, 4],
  ])('%i hidden layer(s) of 32 square units: a polynomial of degree %i', (depth, degree) => {
    const y = outputs('square', depth);
    expect(maxDifference(y, degree)).toBeGreaterThan(1e-6); // degree exactly `degree`…
    expect(maxDifference(y, degree + 1)).toBeLessThan(1e-9); // …and no higher: the next difference is rounding
  });

  it('tanh units have no such ceiling', () => {
    const y = outputs('tanh', 1);
    expect(maxDifference(y, 3)).toBeGreaterThan(1e-6);
    expect(maxDifference(y, 5)).toBeGreaterThan(1e-7);
  });
});
