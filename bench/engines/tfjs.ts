/**
 * TensorFlow.js 4.22 on its `cpu` (plain JS) and `wasm` (XNNPACK, SIMD) backends, one thread
 * (setThreadsCount(1) before the wasm backend starts). Kernels run synchronously on both.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import type { ActivationCase, GemmCase } from '../cases.js';
import { TRAIN, tfActivation } from '../cases.js';
import { secondsPerCall } from '../lib/measure.js';

type Tf = typeof TF;
let tfModule: Tf | null = null;

/** Loads TF.js (and registers its wasm backend, 1 thread); null when it is not installed. */
export async function loadTf(): Promise<Tf | null> {
  if (tfModule) return tfModule;
  try {
    const tf = (await import('@tensorflow/tfjs')) as unknown as Tf & { default?: Tf };
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    wasm.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
    wasm.setThreadsCount(1);
    tfModule = (tf.default ?? tf) as Tf;
    tfModule.env().set('PROD', true); // no NaN checks or debug mode
    return tfModule;
  } catch {
    return null;
  }
}

export async function useBackend(tf: Tf, name: 'cpu' | 'wasm'): Promise<void> {
  if (!(await tf.setBackend(name))) throw new Error(`TF.js backend ${name} failed to start`);
  await tf.ready();
}

export function activation(
  tf: Tf,
  c: ActivationCase,
  xs: Float32Array,
  gys: Float32Array,
  pass: 'forward' | 'backward',
  minTime: number,
): number {
  const x = tf.tensor1d(xs);
  const gy = tf.tensor1d(gys);
  try {
    if (pass === 'forward') return secondsPerCall(() => tf.tidy(() => c.tf.f(tf, x)).dispose(), { minTime });
    const grad = tf.grad((t: TF.Tensor) => c.tf.f(tf, t));
    return secondsPerCall(() => tf.tidy(() => grad(x, gy)).dispose(), { minTime });
  } finally {
    x.dispose();
    gy.dispose();
  }
}

export function softmax(
  tf: Tf,
  name: 'softmax' | 'log_softmax',
  xs: Float32Array,
  gys: Float32Array,
  rows: number,
  cols: number,
  pass: 'forward' | 'backward',
  minTime: number,
): number {
  const x = tf.tensor2d(xs, [rows, cols]);
  const gy = tf.tensor2d(gys, [rows, cols]);
  const f = (t: TF.Tensor): TF.Tensor => (name === 'softmax' ? tf.softmax(t) : tf.logSoftmax(t));
  try {
    if (pass === 'forward') return secondsPerCall(() => tf.tidy(() => f(x)).dispose(), { minTime });
    const grad = tf.grad(f);
    return secondsPerCall(() => tf.tidy(() => grad(x, gy)).dispose(), { minTime });
  } finally {
    x.dispose();
    gy.dispose();
  }
}

export function gemm(tf: Tf, c: GemmCase, minTime: number): number {
  const a = tf.randomNormal(c.transA ? [c.k, c.m] : [c.m, c.k]) as TF.Tensor2D;
  const b = tf.randomNormal(c.transB ? [c.n, c.k] : [c.k, c.n]) as TF.Tensor2D;
  try {
    return secondsPerCall(() => tf.matMul(a, b, c.transA, c.transB).dispose(), { minTime });
  } finally {
    a.dispose();
    b.dispose();
  }
}

/** Seconds per step of the MLP with tf.train.adam and softmax cross-entropy, on pre-made batches. */
export function trainStep(
  tf: Tf,
  act: string,
  xs: Float32Array,
  ys: Int32Array,
  batches: number,
  minTime: number,
): number {
  const { sizes, batch, lr } = TRAIN;
  const f = tfActivation(act);
  const weights = sizes.slice(1).map((n, i) => {
    const bound = 1 / Math.sqrt(sizes[i]!);
    return { w: tf.variable(tf.randomUniform([sizes[i]!, n], -bound, bound)), b: tf.variable(tf.zeros([n])) };
  });
  const per = batch * sizes[0]!;
  const X = Array.from({ length: batches }, (_, b) =>
    tf.tensor2d(xs.subarray(b * per, (b + 1) * per), [batch, sizes[0]!]),
  );
  const Y = Array.from({ length: batches }, (_, b) =>
    tf.oneHot(tf.tensor1d(ys.subarray(b * batch, (b + 1) * batch), 'int32'), sizes[sizes.length - 1]!),
  );
  const opt = tf.train.adam(lr);
  let i = 0;
  try {
    return secondsPerCall(
      () => {
        const k = i++ % batches;
        const loss = opt.minimize(() => {
          let h: TF.Tensor = X[k]!;
          weights.forEach(({ w, b }, l) => {
            h = tf.add(tf.matMul(h as TF.Tensor2D, w), b);
            if (l < weights.length - 1) h = f(tf, h);
          });
          return tf.losses.softmaxCrossEntropy(Y[k]!, h) as TF.Scalar;
        }, true);
        loss!.dataSync();
        loss!.dispose();
      },
      { minTime, batchTime: 0.1 },
    );
  } finally {
    for (const { w, b } of weights) {
      w.dispose();
      b.dispose();
    }
    X.forEach((t) => t.dispose());
    Y.forEach((t) => t.dispose());
    opt.dispose();
  }
}
