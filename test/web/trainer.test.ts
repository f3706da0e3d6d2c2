/**
 * The playground's training core, as the worker runs it (in Node here, on the same library):
 * XOR is solved with ReLU and not with the identity, divergence is caught with its step, the
 * lab's datasets match the library's, and a snapshot holds what the page draws.
 */
import { describe, expect, it } from 'vitest';
import { data } from '../../src/index.js';
import { planarInfo, planarNames } from '../../web/src/data/planar.js';
import { featureRows } from '../../web/src/data/features.js';
import { defaultsOf } from '../../web/src/state/codec.js';
import { playgroundSchema, type PlaygroundConfig } from '../../web/src/state/playground.js';
import { Trainer } from '../../web/src/runner/trainer.js';
import { planeExtent, snapshotGrids, takeSnapshot } from '../../web/src/runner/snapshot.js';

const config = (patch: Partial<PlaygroundConfig> = {}): PlaygroundConfig => ({
  ...defaultsOf(playgroundSchema),
  ...patch,
});

describe('playground trainer', () => {
  it('solves XOR with ReLU (8-8) in 600 steps; the identity stays a linear model (at most 3 of 4 clusters)', () => {
    const relu = new Trainer(config());
    relu.trainSteps(600);
    expect(relu.metrics().testAccuracy).toBeGreaterThan(0.95);
    const identity = new Trainer(config({ acts: ['identity'] }));
    identity.trainSteps(600);
    expect(identity.metrics().testAccuracy).toBeLessThan(0.8);
    expect(identity.diverged).toBeNull();
  });

  it('stops at the first non-finite loss and names the step and the tensor', () => {
    const t = new Trainer(
      config({ dataset: 'reg-plane', noise: 0.05, loss: 'mse', optimizer: 'sgd', lr: 3, acts: ['identity'] }),
    );
    const ran = t.trainSteps(500);
    expect(t.diverged).not.toBeNull();
    expect(ran).toBe(t.diverged!.step);
    expect(t.step).toBe(t.diverged!.step);
    expect(t.diverged!.where).toMatch(/NaN|Infinity/);
    expect(t.trainSteps(10)).toBe(0);
  });

  it('per-layer activations and the compare override build the network asked for', () => {
    const t = new Trainer(
      config({ hidden: [16, 16, 16, 16, 16, 16], acts: ['relu', 'gelu', 'tanh', 'silu', 'elu', 'mish'] }),
    );
    expect(t.net.acts.map((a) => a.id)).toEqual(['relu', 'gelu', 'tanh', 'silu', 'elu', 'mish']);
    expect(String(t.net.model)).toMatch(/GELU[\s\S]*Tanh[\s\S]*SiLU/);
    const o = new Trainer(config({ hidden: [4, 4], acts: ['relu', 'gelu'] }), 'tanh');
    expect(o.net.acts.map((a) => a.id)).toEqual(['tanh', 'tanh']);
    expect(() => new Trainer(config({ acts: ['softmax'] }))).toThrow(/dim-wise/);
  });

  it('trains a regression set, multiclass with MSE and BCE, with L1/L2 penalties and features', () => {
    const reg = new Trainer(config({ dataset: 'reg-gauss', noise: 0.05, loss: 'mse', acts: ['tanh'], hidden: [8, 8] }));
    const before = reg.metrics().trainLoss;
    reg.trainSteps(300);
    expect(reg.metrics().trainLoss).toBeLessThan(before);
    expect(reg.metrics().testAccuracy).toBeUndefined();
    const multi = new Trainer(
      config({ dataset: 'gaussians', classes: 4, noise: 0.5, loss: 'mse', reg: 'l2', regRate: 0.001 }),
    );
    multi.trainSteps(300);
    expect(multi.net.outputs).toBe(4);
    expect(multi.metrics().testAccuracy).toBeGreaterThan(0.6);
    const circles = new Trainer(
      config({ dataset: 'circles', noise: 0.05, loss: 'bce', features: ['x1sq', 'x2sq'], hidden: [], reg: 'l1' }),
    );
    circles.trainSteps(400);
    expect(circles.net.outputs).toBe(1);
    expect(circles.metrics().testAccuracy).toBeGreaterThan(0.95);
  });

  it('a snapshot holds the planes, every unit, the weights, dead units and gradient norms', () => {
    const t = new Trainer(config({ hidden: [5, 3] }));
    t.trainSteps(20);
    const s = takeSnapshot(t, snapshotGrids(t, planeExtent(t.split), 16, 8));
    expect(s.step).toBe(20);
    expect(s.grid).toHaveLength(256);
    expect([...s.grid].every((p) => p >= 0 && p <= 1)).toBe(true);
    expect(s.neurons.map((l) => l.length)).toEqual([5, 3]);
    expect(s.neurons[0]![0]).toHaveLength(64);
    expect(s.outputs).toHaveLength(2);
    expect(s.weights.map((w) => w.length)).toEqual([10, 15, 6]);
    expect(s.dead.map((d) => d.length)).toEqual([5, 3]);
    expect(s.gradNorms).toHaveLength(3);
    expect(s.gradNorms.every((g) => g > 0)).toBe(true);
  });

  it('a dead ReLU unit is reported dead: all incoming weights negative and a negative bias on positive inputs', () => {
    const t = new Trainer(config({ hidden: [2], features: ['x1sq', 'x2sq'] }));
    const lin = t.net.linears[0]!;
    lin.weight.data.set([-1, -1, 1, 1]);
    lin.bias!.data.set([-0.5, 0.5]);
    const s = takeSnapshot(t, snapshotGrids(t, planeExtent(t.split), 8, 4));
    expect([...s.dead[0]!]).toEqual([1, 0]);
  });
});

describe('playground datasets', () => {
  it('the library sets are data.getDataset with the same split, standardized; noise defaults are the library defaults', () => {
    for (const name of ['xor', 'circles', 'moons', 'spiral', 'gaussians'] as const) {
      const info = planarInfo(name);
      const lab = info.make({ n: 100, noise: info.defaultNoise, testPercent: 20, classes: 3, seed: 5 });
      // Without a noise option the library uses its own default: the same points prove the default matches.
      const lib = data.standardize(data.getDataset(name, { n: 100, trainSize: 80, testSize: 20, seed: 5 }));
      expect(lab.train.x, name).toEqual(lib.train.x);
      expect(lab.test.y, name).toEqual(lib.test.y);
    }
  });

  it('every set splits as asked, with finite points', () => {
    for (const name of planarNames) {
      const info = planarInfo(name);
      const s = info.make({ n: 200, noise: info.defaultNoise, testPercent: 30, classes: 3, seed: 1 });
      expect(s.train.n + s.test.n, name).toBe(200);
      expect(s.test.n, name).toBe(60);
      expect([...s.train.x].every(Number.isFinite), name).toBe(true);
    }
  });

  it('features are computed from the coordinates', () => {
    expect([
      ...featureRows(new Float32Array([2, 3]), 1, ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2']),
    ]).toEqual([2, 3, 4, 9, 6, Math.sin(2), Math.sin(3)].map(Math.fround));
  });
});
