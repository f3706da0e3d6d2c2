/** Measurements on networks: gradient norms, dead units, gradient flow, boundaries (the builders: test/models). */
import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../src/activations/resolve.js';
import { Activation } from '../../src/nn/activation.js';
import { decisionGrid, planeExtent } from '../../src/analysis/boundary.js';
import { trackDeadUnits } from '../../src/analysis/dead.js';
import { gradientFlow, inputToOutputRatio } from '../../src/analysis/gradflow.js';
import { deadUnits, l2, layerGradNorms, preActivations, weightedLayers } from '../../src/analysis/network.js';
import { buildMlp } from '../../src/models/mlp.js';
import { getDataset } from '../../src/data/registry.js';
import { Generator } from '../../src/tensor/random.js';
import { Tensor } from '../../src/tensor/tensor.js';

const moons = getDataset('moons', { n: 300, seed: 0 });

describe('resolveActivation', () => {
  it('binds parameters into f, f′ and the module', () => {
    const a = resolveActivation('lrelu', { negativeSlope: 0.2 });
    expect(a.id).toBe('leaky_relu');
    expect([a.f(-1), a.df(-1), a.f(2)]).toEqual([-0.2, 0.2, 2]);
    const y = new Activation(a.id, a.moduleOptions).forward(new Tensor(new Float32Array([-1, 3]), [2], 'float32'));
    expect(Array.from(y.data)).toEqual([Math.fround(-0.2), 3]);
  });

  it('rejects dim-wise activations, unknown parameters and bad values', () => {
    expect(() => resolveActivation('softmax')).toThrow(/softmax is a dim-wise activation/);
    expect(() => resolveActivation('elu', { beta: 1 })).toThrow(
      /elu has no parameter 'beta' \(its parameters: alpha\)/,
    );
    expect(() => resolveActivation('gelu', { approximate: 'cubic' })).toThrow(/approximate must be one of/);
    expect(() => resolveActivation('nope')).toThrow(/unknown activation 'nope'/);
  });
});

describe('measurements', () => {
  const x = new Tensor(moons.train.x.slice(0, 64 * 2), [64, 2], 'float32');
  const y = new Tensor(moons.train.y.slice(0, 64), [64], 'int32');

  it('layerGradNorms gives one norm per Linear layer and clears the gradients', () => {
    const model = buildMlp({
      inputShape: [2],
      hidden: [8, 8],
      classes: 2,
      activation: resolveActivation('tanh'),
      generator: new Generator(0),
    });
    const norms = layerGradNorms(model, x, y);
    expect(norms).toHaveLength(3);
    expect(norms.every((n) => n > 0 && Number.isFinite(n))).toBe(true);
    expect(model.parameters().every((p) => p.grad === null)).toBe(true);
    expect(preActivations(model, x).map((t) => t.shape)).toEqual([
      [64, 8],
      [64, 8],
    ]);
    expect(l2(new Tensor(new Float32Array([3, 4]), [2], 'float32'))).toBe(5);
  });

  it('deadUnits: ReLU units pushed below zero are dead, the same units under ELU are not', () => {
    for (const [id, expected] of [
      ['relu', 0.5],
      ['elu', 0],
    ] as const) {
      const act = resolveActivation(id);
      const model = buildMlp({
        inputShape: [2],
        hidden: [4, 4],
        classes: 2,
        activation: act,
        generator: new Generator(1),
      });
      const first = weightedLayers(model)[0]!;
      // Units 0 and 1 get zero weights and bias −10: pre-activation −10 on every sample.
      for (const u of [0, 1]) {
        first.weight.data.fill(0, u * 2, u * 2 + 2);
        first.bias!.data[u] = -10;
      }
      const d = deadUnits(model, act, moons.train);
      expect(d.perLayer[0]).toBe(expected);
      expect(d.overall).toBeCloseTo(d.perLayer.reduce((a, b) => a + b, 0) / 2, 12);
    }
  });

  it('trackDeadUnits: a huge SGD step kills ReLU units; the curve starts at init', () => {
    const r = trackDeadUnits(resolveActivation('relu'), moons, {
      hidden: [16],
      lr: 20,
      epochs: 2,
      batchSize: 32,
      seed: 0,
    });
    expect(r.curve.length).toBeGreaterThanOrEqual(2);
    expect(r.curve[0]).toBeLessThan(0.3);
    expect(Math.max(...r.curve)).toBeGreaterThan(r.curve[0]! + 0.2);
  });

  it('gradientFlow: sigmoid gradients vanish with depth under Xavier init, ReLU ones do not', () => {
    const data = moons.train;
    const sig = gradientFlow(resolveActivation('sigmoid'), data, { depth: 10, width: 16, steps: 2 });
    const relu = gradientFlow(resolveActivation('relu'), data, { depth: 10, width: 16, steps: 2, init: 'kaiming' });
    expect(sig.init).toHaveLength(11);
    expect(inputToOutputRatio(sig.init)).toBeLessThan(1e-4);
    expect(inputToOutputRatio(relu.init)).toBeGreaterThan(0.05);
    expect(sig.lossTrained).toBeLessThanOrEqual(sig.lossInit + 1e-3);
  });

  it('decisionGrid: a grid in the plot layout, P(class 1) for two classes, class indices for more', () => {
    const ext = planeExtent(moons.train);
    expect(ext.xRange[0]).toBeLessThan(-1);
    const model = buildMlp({
      inputShape: [2],
      hidden: [],
      classes: 2,
      activation: resolveActivation('relu'),
      generator: new Generator(0),
    });
    const [lin] = weightedLayers(model);
    lin!.weight.data.set([0, 0, 1, 0]); // logit 1 = x: P(class 1) = σ(x)
    lin!.bias!.data.set([0, 0]);
    const g = decisionGrid(model, { xRange: [-1, 1], yRange: [0, 1] }, 2, 3);
    expect(g.kind).toBe('probability');
    expect(Array.from(g.grid.values)).toEqual(
      [0, 1, 2].flatMap(() => [-1, 0, 1].map((v) => expect.closeTo(1 / (1 + Math.exp(-v)), 6))),
    );
    const three = buildMlp({
      inputShape: [2],
      hidden: [4],
      classes: 3,
      activation: resolveActivation('relu'),
      generator: new Generator(0),
    });
    const c = decisionGrid(three, ext, 3, 5);
    expect(c.kind).toBe('class');
    expect(Array.from(c.grid.values).every((v) => [0, 1, 2].includes(v))).toBe(true);
  });
});
