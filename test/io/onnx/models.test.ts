/**
 * Whole models through onnxruntime-node: every exportable layer with its options (test/io/onnx/
 * cases.ts), with a dynamic batch at opsets 13, 17 and the newest, and an MLP and a CNN trained
 * briefly with fit.
 */
import { describe, expect, it } from 'vitest';
import { manualSeed, nn, optim, tensor } from '../../../src/index.js';
import { fit } from '../../../src/train/fit.js';
import type { AnyModule, Module } from '../../../src/nn/module.js';
import { MAX_OPSET, toOnnx } from '../../../src/io/onnx/index.js';
import { Generator } from '../../../src/tensor/random.js';
import { layerCases, randomInput } from './cases.js';
import { expectClose, runOnnx } from './ort.js';

const OPSETS = [13, 17, MAX_OPSET];

/** Exports at each opset, runs onnxruntime on x, compares with the model's eval forward. */
async function check(model: AnyModule, shape: readonly number[], what: string): Promise<void> {
  model.train(false);
  const x = randomInput(shape, 1, 2);
  const want = (model as unknown as Module).forward(tensor(Array.from(x), { shape: [...shape] }));
  const rowSize = want.shape.slice(1).reduce((a, b) => a * b, 1);
  for (const opset of OPSETS) {
    const got = await runOnnx(toOnnx(model, { inputShape: [-1, ...shape.slice(1)], opset }), x, shape);
    expect(got.dims, `${what} opset ${opset}`).toEqual(want.shape);
    expectClose(got.data, want.data, rowSize, `${what} opset ${opset}`);
  }
}

describe('layers through onnxruntime-node', () => {
  manualSeed(0);
  for (const [family, cases] of Object.entries(layerCases())) {
    it(`${family}: ${cases.map((c) => c.what).join('; ')}`, async () => {
      for (const c of cases) await check(c.model, c.shape, c.what);
    });
  }

  it('a static batch dim', async () => {
    const model = new nn.Sequential(new nn.Linear(3, 2), new nn.Softmax());
    const x = randomInput([4, 3], 2);
    const got = await runOnnx(toOnnx(model, { inputShape: [4, 3] }), x, [4, 3]);
    expectClose(got.data, model.forward(tensor(Array.from(x), { shape: [4, 3] })).data, 2, 'static batch');
  });
});

describe('models trained briefly with fit, through onnxruntime-node', () => {
  it('an MLP (GELU) and a CNN (SiLU) after a few epochs of Adam', async () => {
    manualSeed(1);
    const g = new Generator(3);
    const n = 64;
    const xs = Array.from({ length: n * 16 }, () => g.uniform(-1, 1));
    const ys = Array.from(
      { length: n },
      (_, i) => (xs[i * 16]! + xs[i * 16 + 1]! > 0 ? 1 : 0) + (xs[i * 16 + 2]! > 0.5 ? 1 : 0),
    );
    const mlp = new nn.Sequential(
      new nn.Linear(16, 32),
      new nn.GELU(),
      new nn.Linear(32, 32),
      new nn.GELU(),
      new nn.Linear(32, 3),
    );
    const cnn = new nn.Sequential(
      new nn.Conv2d(1, 4, 3, { padding: 1 }),
      new nn.SiLU(),
      new nn.MaxPool2d(2),
      new nn.Flatten(),
      new nn.Linear(16, 3),
    );
    for (const [model, shape] of [
      [mlp, [16]],
      [cnn, [1, 4, 4]],
    ] as const) {
      const data = { x: tensor(xs, { shape: [n, ...shape] }), y: tensor(ys, { dtype: 'int32' }) };
      const before = model.parameters().map((p) => Array.from(p.data));
      fit(model as unknown as Module, data, {
        optimizer: new optim.Adam(model.parameters(), { lr: 0.01 }),
        epochs: 3,
        batchSize: 16,
      });
      expect(model.parameters().some((p, i) => p.data.some((v, j) => v !== before[i]![j]))).toBe(true);
      await check(model, [n, ...shape], `trained ${shape.length === 1 ? 'mlp' : 'cnn'}`);
    }
  });
});
