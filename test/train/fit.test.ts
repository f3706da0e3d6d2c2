/** fit/evaluate: learning, seeded determinism, callbacks, schedulers, and the non-finite stop with its diagnosis. */
import { describe, expect, it } from 'vitest';
import { getDataset } from '../../src/data/index.js';
import { tensor } from '../../src/tensor/create.js';
import { manualSeed } from '../../src/tensor/random.js';
import * as nn from '../../src/nn/index.js';
import * as optim from '../../src/optim/index.js';
import { DataLoader } from '../../src/data/loader.js';
import { NonFiniteError, earlyStopping, evaluate, fit, progressLogger } from '../../src/train/index.js';
import type { EpochLog } from '../../src/train/index.js';
import { ReLU } from './helpers.js';
import { Module } from '../../src/nn/module.js';
import type { Tensor } from '../../src/tensor/tensor.js';

const { train, test } = getDataset('moons', { n: 300, noise: 0.1, seed: 1 });

function build(seed: number): nn.Sequential {
  manualSeed(seed);
  return new nn.Sequential(new nn.Linear(2, 32), new ReLU(), new nn.Dropout(0.1), new nn.Linear(32, 2));
}

describe('fit', () => {
  it('learns moons and reports per-epoch metrics', () => {
    const model = build(0);
    const { history } = fit(model, train, {
      optimizer: new optim.Adam(model.parameters(), { lr: 0.02 }),
      epochs: 30,
      batchSize: 16,
      validation: test,
    });
    expect(history).toHaveLength(30);
    const last = history.at(-1)!;
    expect(last.loss).toBeLessThan(history[0]!.loss);
    expect(last.accuracy).toBeGreaterThan(0.95);
    expect(last.valAccuracy).toBeGreaterThan(0.95);
    expect(last.samplesPerSecond).toBeGreaterThan(0);
    expect(evaluate(model, test).accuracy).toBe(last.valAccuracy);
  });

  it('is deterministic: same seeds → identical weights and losses (dropout included)', () => {
    const run = (): { losses: number[]; weights: number[] } => {
      const model = build(42);
      const { history } = fit(model, train, {
        optimizer: new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 }),
        epochs: 3,
        batchSize: 8,
        seed: 7,
      });
      return { losses: history.map((h) => h.loss), weights: model.parameters().flatMap((p) => Array.from(p.data)) };
    };
    const a = run();
    const b = run();
    expect(b.losses).toEqual(a.losses);
    expect(b.weights).toEqual(a.weights);
    // and a different shuffling seed gives a different run
    const model = build(42);
    const other = fit(model, train, {
      optimizer: new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 }),
      epochs: 3,
      batchSize: 8,
      seed: 8,
    });
    expect(other.history.map((h) => h.loss)).not.toEqual(a.losses);
  });

  it('runs callbacks, steps the scheduler per epoch, and stops early when asked', () => {
    const model = build(1);
    const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
    const lines: string[] = [];
    const seen: EpochLog[] = [];
    let steps = 0;
    const { history, stopped } = fit(model, train, {
      optimizer: opt,
      epochs: 50,
      batchSize: 60,
      scheduler: new optim.StepLR(opt, { stepSize: 1, gamma: 0.5 }),
      callbacks: [
        progressLogger({ log: (l) => lines.push(l) }),
        { onStepEnd: () => void steps++, onEpochEnd: (e) => void seen.push(e) },
        earlyStopping({ monitor: 'loss', patience: 2, minDelta: 0.01 }),
      ],
    });
    expect(history.map((h) => h.lr).slice(0, 3)).toEqual([0.1, 0.05, 0.025]);
    expect(stopped).toMatch(/early stopping: loss did not improve for 2 epochs/);
    expect(history.length).toBeLessThan(50);
    expect(steps).toBe(history.length * 4);
    expect(seen).toEqual(history);
    expect(lines[0]).toMatch(/^epoch 1 {2}loss \d\.\d{4} {2}acc \d\.\d{4} {2}lr 0\.100 {2}[\d.]+ s {2}\d+ samples\/s$/);
  });

  it('accepts a DataLoader, a loss module and tensor data (regression)', () => {
    manualSeed(0);
    const x = tensor(
      Array.from({ length: 64 }, (_, i) => i / 64),
      { shape: [64, 1] },
    );
    const y = x.mul(3).add(1);
    const model = new nn.Sequential(new nn.Linear(1, 1));
    const { history } = fit(model, new DataLoader({ x, y }, { batchSize: 16, shuffle: true, seed: 0 }), {
      optimizer: new optim.SGD(model.parameters(), { lr: 0.5 }),
      loss: new nn.MSELoss(),
      epochs: 100,
    });
    expect(history.at(-1)!.loss).toBeLessThan(1e-4);
    expect(history.at(-1)!.accuracy).toBeUndefined();
    expect((model.at(0) as nn.Linear).weight.data[0]).toBeCloseTo(3, 1);
  });
});

describe('fit stops at the first non-finite value, naming the step and the tensor', () => {
  it('a NaN in the inputs', () => {
    const x = tensor([0, 0, 1, 1, NaN, 2, 3, 3], { shape: [4, 2] });
    const y = tensor([0, 1, 0, 1], { dtype: 'int32' });
    const model = build(0);
    const run = (): unknown =>
      fit(
        model,
        { x, y },
        { optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), epochs: 1, batchSize: 2, shuffle: false },
      );
    expect(run).toThrow(NonFiniteError);
    // (the local ReLU maps NaN to 0, so here the loss stays finite and the gradient is NaN)
    expect(run).toThrow(
      /^fit: (the loss is NaN|a gradient is not finite) at epoch 1, step 2 \(batch 2 of 2\).*; first non-finite tensor: input batch \[2, 2\] \(element 0 is NaN\)$/,
    );
  });

  it('a diverging learning rate: the loss becomes non-finite and the first bad layer output is named', () => {
    const model = build(0);
    let err: NonFiniteError | undefined;
    try {
      fit(model, train, { optimizer: new optim.SGD(model.parameters(), { lr: 1e30 }), epochs: 5, batchSize: 32 });
    } catch (e) {
      err = e as NonFiniteError;
    }
    expect(err).toBeInstanceOf(NonFiniteError);
    expect(err!.message).toMatch(
      /^fit: (the loss is (NaN|Infinity)|a gradient is not finite) at epoch 1, step \d+ \(batch \d+ of 8\)/,
    );
    expect(err!.message).toMatch(
      /first non-finite tensor: (parameter '\d\.(weight|bias)'|output of layer \d|gradient of '\d\.(weight|bias)')/,
    );
    expect(err!.step).toBeGreaterThan(1);
  });

  it('a NaN parameter', () => {
    const model = build(0);
    (model.at(3) as nn.Linear).bias!.data[1] = NaN;
    expect(() => fit(model, train, { optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), epochs: 1 })).toThrow(
      /at epoch 1, step 1 \(batch 1 of 8\); first non-finite tensor: parameter '3.bias' \[2\] \(element 1 is NaN\)/,
    );
  });

  it('a layer that overflows: output of layer 1', () => {
    class Exp3 extends Module {
      forward(t: Tensor): Tensor {
        return t.exp().exp().exp();
      }
    }
    manualSeed(0);
    const model = new nn.Sequential(new nn.Linear(2, 4), new Exp3(), new nn.Linear(4, 2));
    const data = { x: tensor([[30, 30]]), y: tensor([1], { dtype: 'int32' }) };
    expect(() => fit(model, data, { optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), epochs: 1 })).toThrow(
      /^fit: the loss is NaN at epoch 1, step 1 \(batch 1 of 1\); first non-finite tensor: output of layer 1 \(Exp3\(\)\) \[1, 4\] \(element \d is Infinity\)$/,
    );
  });

  it('bad arguments', () => {
    const model = build(0);
    expect(() => fit(model, train, { optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), epochs: -1 })).toThrow(
      'fit: epochs must be a non-negative integer, got -1',
    );
  });
});
