/** Adversarial training through train.fit: the batch transform, its options, robust early stopping, and that it works. */
import { describe, expect, it } from 'vitest';
import { Generator, adversarial, data, manualSeed, nn, optim, tensor, train, type Tensor } from '../../src/index.js';
import { loadMnist } from '../../src/data/node/index.js';
import { Module } from '../../src/nn/module.js';
import { batch, maxAbsDiff, mlp } from './helpers.js';

const ctx = (model: InstanceType<typeof nn.Sequential>, batchIndex = 1, batches = 1, epoch = 1) => ({
  model,
  epoch,
  step: batchIndex,
  batch: batchIndex,
  batches,
});

/** Records (a copy of) every input its forward sees in training mode. */
class Spy extends Module {
  inputs: number[][] = [];
  forward(x: Tensor): Tensor {
    if (this.training) this.inputs.push(Array.from(x.data));
    return x;
  }
}

describe('fit({ transformBatch })', () => {
  it('trains on the transformed batch, once per step, with the step context', () => {
    const spy = new Spy();
    const model = new nn.Sequential(spy, mlp(6, 3));
    const { x, y } = batch(20, [6], 3);
    const seen: { epoch: number; step: number; batch: number; batches: number }[] = [];
    train.fit(
      model,
      { x, y },
      {
        optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }),
        epochs: 2,
        batchSize: 8,
        transformBatch: (xb, _yb, c) => {
          expect(c.model).toBe(model);
          seen.push({ epoch: c.epoch, step: c.step, batch: c.batch, batches: c.batches });
          return xb.mul(0);
        },
      },
    );
    expect(seen.map((s) => `${s.epoch}.${s.batch}/${s.batches}#${s.step}`)).toEqual([
      '1.1/3#1',
      '1.2/3#2',
      '1.3/3#3',
      '2.1/3#4',
      '2.2/3#5',
      '2.3/3#6',
    ]);
    expect(spy.inputs).toHaveLength(6);
    expect(spy.inputs.every((t) => t.every((v) => v === 0))).toBe(true);
  });
});

describe('adversarial.adversarialTraining', () => {
  const model = mlp(6, 3, 'float64');
  const { x, y } = batch(10, [6], 3, 'float64');

  it('FGSM with random start stays in the ball; with cleanStart 1 it is one step of α = 1.25ε from x', () => {
    const rs = adversarial.adversarialTraining({ attack: 'fgsm', eps: 0.1, generator: new Generator(0) })(
      x,
      y,
      ctx(model),
    );
    expect(maxAbsDiff(rs.data, x.data)).toBeLessThanOrEqual(0.1 + 1e-12);
    const fromClean = adversarial.adversarialTraining({ attack: 'fgsm', eps: 0.1, cleanStart: 1 })(x, y, ctx(model));
    const oneStep = adversarial.pgd(model, x, y, { eps: 0.1, alpha: 0.125, steps: 1, randomStart: false });
    expect(Array.from(fromClean.data)).toEqual(Array.from(oneStep.data));
    // α = 1.25ε from x is clamped back to ε: every value moved by exactly ε (or hit [0, 1]).
    expect(maxAbsDiff(fromClean.data, x.data)).toBeCloseTo(0.1, 12);
  });

  it('PGD-k, a fraction of each batch, and the ε warm-up', () => {
    const half = adversarial.adversarialTraining({ attack: 'pgd', eps: 0.2, steps: 3, fraction: 0.5 })(
      x,
      y,
      ctx(model),
    );
    expect(Array.from(half.data.subarray(30))).toEqual(Array.from(x.data.subarray(30)));
    expect(maxAbsDiff(half.data.subarray(0, 30), x.data.subarray(0, 30))).toBeGreaterThan(0.1);
    const warm = adversarial.adversarialTraining({ attack: 'pgd', eps: 0.2, steps: 3, warmup: 2 });
    // Epoch 1, batch 1 of 10 with a 2-epoch ramp: ε/20.
    expect(maxAbsDiff(warm(x, y, ctx(model, 1, 10)).data, x.data)).toBeLessThanOrEqual(0.01 + 1e-12);
    expect(maxAbsDiff(warm(x, y, ctx(model, 5, 10, 3)).data, x.data)).toBeGreaterThan(0.15);
    expect(adversarial.trainingAttackSpec({ attack: 'pgd', eps: 0.3, steps: 40 })).toMatchObject({
      attack: 'pgd',
      steps: 40,
      alpha: (2.5 * 0.3) / 40,
    });
  });

  it('rejects bad options', () => {
    const make = (o: object) => () => adversarial.adversarialTraining(o as adversarial.AdversarialTrainingOptions);
    expect(make({ attack: 'apgd', eps: 0.1 })).toThrow(
      "adversarialTraining: unknown attack 'apgd' (expected 'fgsm' or 'pgd')",
    );
    expect(make({ attack: 'fgsm', eps: -1 })).toThrow('adversarialTraining: eps must be a finite number ≥ 0, got -1');
    expect(make({ attack: 'fgsm', eps: 0.1, fraction: 1.5 })).toThrow(
      'adversarialTraining: fraction must be a number in [0, 1], got 1.5',
    );
    expect(make({ attack: 'fgsm', eps: 0.1, cleanStart: -0.1 })).toThrow(
      'cleanStart must be a number in [0, 1], got -0.1',
    );
    expect(make({ attack: 'pgd', eps: 0.1, steps: 0 })).toThrow(
      'adversarialTraining: steps must be an integer ≥ 1, got 0',
    );
    expect(make({ attack: 'fgsm', eps: 0.1, warmup: -1 })).toThrow('warmup must be a number of epochs ≥ 0, got -1');
  });

  it('makes an MLP robust where standard training does not (MNIST 0 vs 1, ε = 0.2)', () => {
    const split = loadMnist({ trainSize: 2000, testSize: 500, seed: 0 });
    const keep = (ds: data.Dataset, n: number): { x: Tensor; y: Tensor } => {
      const rows = [...ds.y.keys()].filter((i) => ds.y[i]! < 2).slice(0, n);
      return {
        x: tensor(
          rows.flatMap((i) => Array.from(ds.x.subarray(i * 784, i * 784 + 784))),
          { shape: [rows.length, 784] },
        ),
        y: tensor(
          rows.map((i) => ds.y[i]!),
          { dtype: 'int32' },
        ),
      };
    };
    const trainSet = keep(split.train, 400);
    const testSet = keep(split.test, 100);
    const robust = (transformBatch?: train.BatchTransform): number => {
      manualSeed(0);
      const model = new nn.Sequential(new nn.Linear(784, 32), new nn.ReLU(), new nn.Linear(32, 2));
      train.fit(model, trainSet, {
        optimizer: new optim.Adam(model.parameters(), { lr: 3e-3 }),
        epochs: 4,
        batchSize: 32,
        ...(transformBatch ? { transformBatch } : {}),
      });
      const r = adversarial.evaluate(model, testSet, {
        attack: 'pgd',
        eps: 0.2,
        steps: 10,
        generator: new Generator(1),
      });
      expect(r.cleanAccuracy).toBeGreaterThan(0.95);
      return r.attacks[0]!.robustAccuracy;
    };
    const standard = robust();
    const adv = robust(adversarial.adversarialTraining({ attack: 'fgsm', eps: 0.2, generator: new Generator(2) }));
    expect(standard).toBeLessThan(0.5);
    expect(adv).toBeGreaterThan(standard + 0.3);
  });
});

describe('adversarial.robustEarlyStopping', () => {
  it('keeps the best weights, stops when robust accuracy collapses, and restores them', () => {
    const model = mlp(6, 3, 'float64');
    const { x } = batch(60, [6], 3, 'float64');
    // Labels the model gets right, so the first check is a good one.
    const logits = model.forward(x).data;
    const labels = tensor(
      Array.from({ length: 60 }, (_, i) =>
        [0, 1, 2].reduce((b, c) => (logits[3 * i + c]! > logits[3 * i + b]! ? c : b), 0),
      ),
      { dtype: 'int32' },
    );
    const checks: adversarial.RobustCheck[] = [];
    const stop = adversarial.robustEarlyStopping({
      data: { x, y: labels },
      attack: { attack: 'pgd', eps: 0.01, steps: 2, randomStart: false },
      onCheck: (c) => checks.push(c),
    });
    const reasons: string[] = [];
    const fitCtx = {
      model,
      optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }),
      history: [],
      stop: (r: string) => reasons.push(r),
    };
    const log = (epoch: number): train.EpochLog => ({ epoch, loss: 0, lr: 0.1, seconds: 1, samplesPerSecond: 1 });
    const good = model.parameters().map((p) => Array.from(p.data));
    stop.onEpochEnd!(log(1), fitCtx);
    expect(checks[0]!.cleanAccuracy).toBe(1);
    // "Catastrophic overfitting": the weights go bad (negated logits predict the least likely class).
    for (const p of model.parameters().slice(-2)) p.data.forEach((v, i, a) => (a[i] = -v));
    stop.onEpochEnd!(log(2), fitCtx);
    expect(stop.history.map((c) => c.epoch)).toEqual([1, 2]);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toBe(
      'robust early stopping: PGD-2 L∞ ε=0.01 accuracy on held-out training samples fell from 1.000 (epoch 1) to 0.000 (catastrophic overfitting)',
    );
    stop.onTrainEnd!(fitCtx);
    expect(model.parameters().map((p) => Array.from(p.data))).toEqual(good);
    expect(stop.best()!.epoch).toBe(1);
  });

  it('stops after `patience` epochs without improvement, inside fit', () => {
    const model = mlp(6, 3);
    const { x, y } = batch(40, [6], 3);
    const stop = adversarial.robustEarlyStopping({
      data: { x, y },
      attack: { attack: 'fgsm', eps: 0.5 },
      patience: 1,
      drop: 1,
    });
    // lr 0: nothing changes, so the first check stays the best.
    const r = train.fit(
      model,
      { x, y },
      { optimizer: new optim.SGD(model.parameters(), { lr: 0 }), epochs: 5, callbacks: [stop] },
    );
    expect(r.history).toHaveLength(2);
    expect(r.stopped).toMatch(/did not improve for 1 epochs/);
  });
});
