/** The model builders: MLP and CNN from plain-data specs, the registry, and the measurements on a CNN. */
import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../src/activations/resolve.js';
import { deadUnits, layerGradNorms, preActivations, weightedLayers } from '../../src/analysis/network.js';
import { makeDataset } from '../../src/data/dataset.js';
import * as nn from '../../src/nn/index.js';
import { activationGain } from '../../src/models/init.js';
import { buildMlp } from '../../src/models/mlp.js';
import { buildCnn } from '../../src/models/cnn.js';
import {
  buildModel,
  describeModel,
  getModelBuilder,
  modelKinds,
  modelRegistry,
  parseModelSpec,
  registerModel,
} from '../../src/models/registry.js';
import type { ModelBuilder } from '../../src/models/builder.js';
import { Generator, manualSeed } from '../../src/tensor/random.js';
import { randn } from '../../src/tensor/create.js';
import { Tensor } from '../../src/tensor/tensor.js';

describe('buildMlp', () => {
  it('builds Linear → act → … → Linear with a Flatten for images', () => {
    const relu = resolveActivation('relu');
    expect(buildMlp({ inputShape: [2], hidden: [8, 4], classes: 3, activation: relu }).toString()).toBe(
      'Sequential(\n  (0): Linear(in_features=2, out_features=8, bias=True)\n  (1): ReLU()\n  (2): Linear(in_features=8, out_features=4, bias=True)\n' +
        '  (3): ReLU()\n  (4): Linear(in_features=4, out_features=3, bias=True)\n)',
    );
    const img = buildMlp({ inputShape: [1, 4, 4], hidden: [], classes: 2, activation: relu });
    expect([...img].map((m) => m.constructor.name)).toEqual(['Flatten', 'Linear']);
  });

  it("uses torch's gains where torch has one, else the variance-preserving one", () => {
    expect(activationGain(resolveActivation('relu'))).toBeCloseTo(Math.SQRT2, 12);
    expect(activationGain(resolveActivation('tanh'))).toBeCloseTo(5 / 3, 12);
    expect(activationGain(resolveActivation('leaky_relu', { negativeSlope: 0.2 }))).toBeCloseTo(
      Math.sqrt(2 / 1.04),
      12,
    );
    const g = activationGain(resolveActivation('gelu'));
    expect(g).toBeGreaterThan(1.5);
    expect(g).toBeLessThan(2);
  });

  it('draws Kaiming weights with std gain/√fan_in and zero biases; the same generator seed gives the same weights', () => {
    const relu = resolveActivation('relu');
    const make = () =>
      buildMlp({
        inputShape: [400],
        hidden: [300],
        classes: 2,
        activation: relu,
        init: 'kaiming',
        generator: new Generator(7),
      });
    const [first] = weightedLayers(make());
    const w = first!.weight.data;
    const std = Math.sqrt(Array.from(w).reduce((s, v) => s + v * v, 0) / w.length);
    expect(std).toBeCloseTo(Math.SQRT2 / Math.sqrt(400), 3);
    expect(Array.from(first!.bias!.data).every((b) => b === 0)).toBe(true);
    expect(Array.from(weightedLayers(make())[0]!.weight.data)).toEqual(Array.from(w));
  });
});

describe('buildCnn', () => {
  const spec = { kind: 'cnn', inputShape: [1, 28, 28], classes: 10, activation: { id: 'relu' } } as const;

  it("is the examples' CNN: conv3×3(16)-act-pool-conv3×3(32)-act-pool-128-act-10, weights drawn in forward order", () => {
    manualSeed(3);
    const model = buildModel(spec);
    expect(model.toString()).toBe(
      [
        'Sequential(',
        '  (0): Conv2d(1, 16, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))',
        '  (1): ReLU()',
        '  (2): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)',
        '  (3): Conv2d(16, 32, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))',
        '  (4): ReLU()',
        '  (5): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)',
        '  (6): Flatten(start_dim=1, end_dim=-1)',
        '  (7): Linear(in_features=1568, out_features=128, bias=True)',
        '  (8): ReLU()',
        '  (9): Linear(in_features=128, out_features=10, bias=True)',
        ')',
      ].join('\n'),
    );
    // The hand-written network of the examples before the builder existed, from the same seed.
    manualSeed(3);
    const byHand = new nn.Sequential(
      new nn.Conv2d(1, 16, 3, { padding: 1 }),
      new nn.Activation('relu'),
      new nn.MaxPool2d(2),
      new nn.Conv2d(16, 32, 3, { padding: 1 }),
      new nn.Activation('relu'),
      new nn.MaxPool2d(2),
      new nn.Flatten(),
      new nn.Linear(32 * 7 * 7, 128),
      new nn.Activation('relu'),
      new nn.Linear(128, 10),
    );
    const a = model.stateDict();
    const b = byHand.stateDict();
    expect(Object.keys(a)).toEqual(Object.keys(b));
    for (const k of Object.keys(a)) expect(Array.from(a[k]!.data), k).toEqual(Array.from(b[k]!.data));
    expect(model.forward(randn([2, 1, 28, 28])).shape).toEqual([2, 10]);
    expect(describeModel(spec)).toBe('1×28×28 → conv16 → conv32 → 128 → 10');
  });

  it('takes other channels, dense widths, RGB images and Kaiming init (conv fan_in = in·3·3)', () => {
    const model = buildCnn({
      inputShape: [3, 8, 8],
      channels: [4, 4, 4],
      hidden: [],
      classes: 5,
      activation: resolveActivation('tanh'),
      init: 'kaiming',
      generator: new Generator(0),
    });
    const layers = weightedLayers(model);
    expect(layers.map((l) => l.constructor.name)).toEqual(['Conv2d', 'Conv2d', 'Conv2d', 'Linear']);
    expect(layers[3]!.weight.shape).toEqual([5, 4]); // 8 → 4 → 2 → 1 after three pools
    const w = layers[1]!.weight.data;
    const std = Math.sqrt(Array.from(w).reduce((s, v) => s + v * v, 0) / w.length);
    expect(std).toBeCloseTo(5 / 3 / Math.sqrt(4 * 9), 1);
    expect(model.forward(randn([1, 3, 8, 8])).shape).toEqual([1, 5]);
  });

  it('rejects inputs that are not images, and more pools than the image has pixels', () => {
    expect(() => buildModel({ ...spec, inputShape: [2] })).toThrow(
      /cnn: inputShape must be \[channels, height, width\] \(an image dataset such as mnist\), got \[2\]/,
    );
    expect(() => buildModel({ ...spec, inputShape: [1, 4, 4], channels: [2, 2, 2] })).toThrow(
      /3 conv blocks halve 4×4 images to nothing; use at most 2 channels entries/,
    );
  });
});

describe('the model registry', () => {
  it('lists the built-in kinds and parses specs from untrusted data, naming the bad field', () => {
    expect(modelKinds().slice(0, 2)).toEqual(['mlp', 'cnn']);
    const mlp = parseModelSpec({ kind: 'mlp', inputShape: [2], hidden: [4], classes: 2, activation: { id: 'gelu' } });
    expect(describeModel(mlp)).toBe('2 → 4 → 2');
    expect(() => parseModelSpec({ kind: 'resnet' })).toThrow(/unknown model kind 'resnet' \(registered: mlp, cnn/);
    expect(() => parseModelSpec(7)).toThrow(/expected an object with a string 'kind'/);
    expect(() =>
      parseModelSpec({ kind: 'mlp', inputShape: [2], hidden: [0], classes: 2, activation: { id: 'relu' } }, 'x'),
    ).toThrow(/x: hidden must be a list of positive integers, got \[0\]/);
    expect(() => parseModelSpec({ kind: 'mlp', inputShape: [2], classes: 2, activation: 'relu' })).toThrow(
      /activation must be an object \{ id, params\? \}/,
    );
    expect(() =>
      parseModelSpec({ kind: 'cnn', inputShape: [1, 8, 8], classes: 2, activation: { id: 'relu' }, init: 'he' }),
    ).toThrow(/init must be one of default, kaiming, xavier, got 'he'/);
  });

  it('passes activation parameters through to the modules', () => {
    const model = buildModel({
      kind: 'mlp',
      inputShape: [2],
      hidden: [3],
      classes: 2,
      activation: { id: 'leaky_relu', params: { negativeSlope: 0.3 } },
    });
    expect(model.at(1).toString()).toBe('LeakyReLU(negative_slope=0.3)');
  });

  it('is open: a registered kind builds through buildModel; kinds are unique', () => {
    interface LinearSpec {
      readonly kind: 'linear-test';
      features: number;
    }
    const builder: ModelBuilder<LinearSpec> = {
      kind: 'linear-test',
      summary: 'one Linear layer',
      build: (s) => new nn.Sequential(new nn.Linear(s.features, 1)),
      parse: (raw) => ({ kind: 'linear-test', features: raw.features as number }),
      describe: (s) => `${s.features} → 1`,
    };
    try {
      registerModel(builder);
      expect(modelKinds()).toContain('linear-test');
      const spec = parseModelSpec({ kind: 'linear-test', features: 3 });
      expect(describeModel(spec)).toBe('3 → 1');
      expect(
        getModelBuilder('linear-test')
          .build(spec)
          .forward(randn([2, 3])).shape,
      ).toEqual([2, 1]);
      expect(() => registerModel(builder)).toThrow(/a builder of kind 'linear-test' is already registered/);
      expect(() => registerModel({} as ModelBuilder)).toThrow(/expected a builder/);
    } finally {
      modelRegistry.builders.delete('linear-test');
    }
  });
});

describe('measurements on a CNN', () => {
  const n = 12;
  const x = randn([n, 1, 8, 8], { generator: new Generator(1) });
  const data = makeDataset({
    name: 'tiny-images',
    x: x.data as Float32Array,
    y: new Int32Array(n).map((_, i) => i % 2),
    featureShape: [1, 8, 8],
    numClasses: 2,
  });

  it('gradient norms per Conv2d and Linear layer; pre-activations are the inputs of the activation layers', () => {
    const model = buildCnn({
      inputShape: [1, 8, 8],
      channels: [4, 6],
      hidden: [5],
      classes: 2,
      activation: resolveActivation('relu'),
      generator: new Generator(0),
    });
    const y = new Tensor(data.y, [n], 'int32');
    const norms = layerGradNorms(model, x, y);
    expect(norms).toHaveLength(4);
    expect(norms.every((v) => v > 0 && Number.isFinite(v))).toBe(true);
    expect(preActivations(model, x).map((t) => t.shape)).toEqual([
      [n, 4, 8, 8],
      [n, 6, 4, 4],
      [n, 5],
    ]);
  });

  it('a conv channel is dead when its ReLU input is ≤ 0 at every position of every sample', () => {
    const relu = resolveActivation('relu');
    const model = buildCnn({
      inputShape: [1, 8, 8],
      channels: [4],
      hidden: [],
      classes: 2,
      activation: relu,
      generator: new Generator(0),
    });
    const conv = weightedLayers(model)[0]!;
    // Channels 1 and 3: zero kernel and bias −1, so the pre-activation is −1 everywhere.
    for (const c of [1, 3]) {
      conv.weight.data.fill(0, c * 9, c * 9 + 9);
      conv.bias!.data[c] = -1;
    }
    expect(deadUnits(model, relu, data)).toEqual({ perLayer: [0.5], overall: 0.5 });
    const elu = resolveActivation('elu');
    expect(deadUnits(model, elu, data).overall).toBe(0);
  });
});
