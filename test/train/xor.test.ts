/**
 * The notes' first lesson: a one-hidden-layer MLP separates XOR with a non-linear activation
 * (100% accuracy) and cannot with the identity, which collapses the network to a linear map.
 */
import { describe, expect, it } from 'vitest';
import { getDataset } from '../../src/data/index.js';
import { manualSeed } from '../../src/tensor/random.js';
import * as nn from '../../src/nn/index.js';
import type { Layer } from '../../src/nn/index.js';
import * as optim from '../../src/optim/index.js';
import { evaluate, fit } from '../../src/train/index.js';
import { Identity, ReLU, Tanh } from './helpers.js';

const { train, test } = getDataset('xor', { n: 200, noise: 0.2, seed: 0 });

function trainXor(activation: () => Layer): { train: number; test: number } {
  manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(2, 8), activation(), new nn.Linear(8, 2));
  fit(model, train, {
    optimizer: new optim.Adam(model.parameters(), { lr: 0.05 }),
    epochs: 60,
    batchSize: 32,
    seed: 0,
  });
  return { train: evaluate(model, train).accuracy!, test: evaluate(model, test).accuracy! };
}

describe('XOR with one hidden layer', () => {
  for (const [name, act] of [
    ['ReLU', () => new ReLU()],
    ['Tanh', () => new Tanh()],
  ] as const) {
    it(`is solved with ${name} (100% accuracy)`, () => {
      const acc = trainXor(act);
      expect(acc.train).toBe(1);
      expect(acc.test).toBe(1);
    });
  }

  it('is not solved with the identity: the network is linear', () => {
    const acc = trainXor(() => new Identity());
    // A line separates at most 3 of XOR's 4 clusters.
    expect(acc.train).toBeLessThanOrEqual(0.8);
    expect(acc.test).toBeLessThanOrEqual(0.8);
  });
});
