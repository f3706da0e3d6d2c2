/**
 * actlab/tfjs on TF.js's `cpu` and `wasm` backends: every registry activation as a TF.js op gives
 * actlab's float32 values and, through tf.grad, actlab's gradients (bit for bit: the adapter runs
 * actlab's kernels, so any difference is a plumbing bug — a dropped parameter, a transposed dy);
 * the Layers activations `actlab_<id>` and the `ActlabActivation` layer build, train, save and load
 * with tf.loadLayersModel; bad input is refused with an error naming it. TF.js is a devDependency,
 * so a missing install fails this file at import, loudly.
 */
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { activations, defineActivation, registerActivation, tensor } from '../../src/index.js';
import type { Activation } from '../../src/nn/activation.js';
import { registerActlab, tfjsActivationName, type ActlabTfjs } from '../../src/tfjs.js';
// The same cases the ONNX tests run: defaults and a non-default parameter set derived from each spec.
import { activationCases, grid, randomInput } from '../io/onnx/cases.js';

const require = createRequire(import.meta.url);
setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);

/** Seeded weights in [0.5, 1.5] for Σ w·f(x), so the gradient is not the plain derivative. */
const weights = (n: number): Float32Array => Float32Array.from(randomInput([n], 7, 0.5), (v) => v + 1);

const seeded = (seed: number) => tf.initializers.glorotUniform({ seed });

let act: ActlabTfjs;
beforeAll(() => {
  act = registerActlab(tf);
});

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`every registry activation as a TF.js op on the ${backend} backend`, () => {
    beforeAll(async () => {
      expect(await tf.setBackend(backend), `tf.setBackend('${backend}')`).toBe(true);
    });

    for (const spec of activations) {
      // The learned-per-channel cases are the ONNX tests' own: a TF.js layer holds parameters fixed.
      for (const c of activationCases(spec).filter((k) => !k.label.includes('learned'))) {
        it(`${spec.id} ${c.label}: values and gradients are actlab's`, () => {
          expect(tf.getBackend()).toBe(backend);
          const m = c.module as unknown as Activation;
          const x = spec.kind === 'dimwise' ? randomInput(c.shape, c.shape.length) : grid();
          const xa = tensor(Array.from(x), { shape: c.shape, requiresGrad: true });
          const want = m.forward(xa);
          const w = weights(want.numel);
          want.backward(tensor(Array.from(w), { shape: want.shape }));

          const xt = tf.tensor(x, c.shape, 'float32');
          const wt = tf.tensor(w, want.shape as number[], 'float32');
          const op = act.ops[spec.id]!;
          const y = op(xt, m.options);
          expect(y.shape).toEqual(want.shape);
          expect(Array.from(y.dataSync())).toEqual(Array.from(want.data));
          const grad = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(op(v, m.options), wt)))(xt);
          expect(Array.from(grad.dataSync())).toEqual(Array.from(xa.grad!.data));
          tf.dispose([xt, wt, y, grad]);
        });
      }
    }
  });
}

describe('Layers: actlab activations in TF.js models', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it("every shape-keeping activation is a Layers activation 'actlab_<id>'", () => {
    const x = tf.tensor(randomInput([5, 3], 11), [5, 3]);
    for (const spec of activations) {
      const name = tfjsActivationName(spec.id);
      const keepsShape = spec.kind === 'elementwise' || !spec.outSize;
      expect(act.activationNames.includes(name), name).toBe(keepsShape);
      if (!keepsShape || (spec.kind === 'dimwise' && spec.fixedDim)) continue;
      const dense = tf.layers.dense({ units: 4, activation: name as 'relu', kernelInitializer: 'ones' });
      const got = dense.apply(x) as tf.Tensor;
      const pre = tf.matMul(x, tf.ones([3, 4]));
      const want = act.ops[spec.id]!(pre);
      expect(Array.from(got.dataSync()), name).toEqual(Array.from(want.dataSync()));
    }
  });

  it('a model with actlab activations trains, saves and loads with tf.loadLayersModel', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({
          inputShape: [4],
          units: 8,
          activation: 'actlab_gelu' as 'relu',
          kernelInitializer: seeded(1),
        }),
        act.layer('leaky_relu', { negativeSlope: 0.2 }),
        act.layer('glu'),
        tf.layers.dense({ units: 3, activation: 'actlab_softmax' as 'relu', kernelInitializer: seeded(2) }),
      ],
    });
    expect(model.outputs[0]!.shape).toEqual([null, 3]);
    model.compile({ optimizer: tf.train.sgd(0.5), loss: 'categoricalCrossentropy' });
    const xs = tf.tensor(randomInput([32, 4], 3, 1), [32, 4]);
    const ys = tf.oneHot(
      tf.tensor1d(
        Array.from({ length: 32 }, (_, i) => i % 3),
        'int32',
      ),
      3,
    );
    const before = (model.evaluate(xs, ys) as tf.Scalar).dataSync()[0]!;
    await model.fit(xs, ys, { epochs: 20, batchSize: 32, verbose: 0 });
    const after = (model.evaluate(xs, ys) as tf.Scalar).dataSync()[0]!;
    expect(after).toBeLessThan(before);

    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const topology = JSON.stringify(artifacts!.modelTopology);
    expect(topology).toContain('"activation":"actlab_gelu"');
    expect(topology).toContain('"class_name":"ActlabActivation"');
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
    const want = model.predict(xs) as tf.Tensor;
    const got = loaded.predict(xs) as tf.Tensor;
    expect(Array.from(got.dataSync())).toEqual(Array.from(want.dataSync()));
    // The layer's parameters survive the round trip (TF.js camel-cases saved strings: 'leaky_relu' → 'leakyRelu').
    const layer = loaded.layers[1]!.getConfig();
    expect(layer).toMatchObject({ activation: 'leaky_relu', params: { negativeSlope: 0.2 } });
  });

  it("RReLU's layer draws slopes in training and uses the mean slope otherwise", () => {
    const layer = act.layer('rrelu');
    const x = tf.fill([1, 200], -1);
    const evalOut = Array.from((layer.apply(x) as tf.Tensor).dataSync());
    expect(new Set(evalOut)).toEqual(new Set([Math.fround(-(1 / 8 + 1 / 3) / 2)]));
    const trainOut = Array.from((layer.apply(x, { training: true }) as tf.Tensor).dataSync());
    expect(new Set(trainOut).size).toBeGreaterThan(100);
    expect(trainOut.every((v) => v <= -1 / 8 + 1e-6 && v >= -1 / 3 - 1e-6)).toBe(true);
  });

  it('an activation registered with actlab later joins on the next registerActlab(tf)', () => {
    registerActivation(defineActivation({ id: 'tfjs_test_cube', f: (v) => v * v * v, df: (v) => 3 * v * v }));
    expect(act.ops.tfjs_test_cube).toBeUndefined();
    const again = registerActlab(tf);
    expect(again.activationNames).toEqual([...act.activationNames, 'actlab_tfjs_test_cube']);
    const x = tf.tensor([-2, 0.5, 3]);
    expect(Array.from(again.ops.tfjsTestCube!(x).dataSync())).toEqual([-8, 0.125, 27]);
    expect(
      Array.from(
        tf
          .grad((v: tf.Tensor) => tf.sum(again.ops.tfjsTestCube!(v)))(x)
          .dataSync(),
      ),
    ).toEqual([12, 0.75, 27]);
    const dense = tf.layers.dense({
      units: 1,
      activation: 'actlab_tfjs_test_cube' as 'relu',
      kernelInitializer: 'ones',
    });
    expect(Array.from((dense.apply(tf.tensor([[2]])) as tf.Tensor).dataSync())).toEqual([8]);
  });
});

describe('errors', () => {
  it('refuses what is not a TF.js namespace', () => {
    expect(() => registerActlab({} as typeof tf)).toThrow(/^registerActlab: expected the TF\.js namespace/);
  });

  it('a layer names the unknown activation, the unknown parameter and the bad value', () => {
    expect(() => act.layer('gelu_nope')).toThrow(/gelu_nope/);
    expect(() => act.layer('leaky_relu', { slope: 0.2 })).toThrow(
      "ActlabActivation(leaky_relu): unknown parameter 'slope' (allowed: negativeSlope)",
    );
    expect(() => act.layer('gelu', { approximate: 'fast' })).toThrow(/gelu: approximate must be .*'none'.*got 'fast'/);
  });

  it('an odd dim for a gated unit, and a non-float32 tensor, are refused with what was wrong', () => {
    expect(() => act.ops.glu!(tf.ones([2, 3]))).toThrow(
      'glu: dim -1 has odd size 3; it must be even to split into halves a and b',
    );
    expect(() => act.ops.relu!(tf.tensor([1, 2], [2], 'int32'))).toThrow(
      'actlab/tfjs relu: expected a float32 tensor, got dtype int32',
    );
  });
});
