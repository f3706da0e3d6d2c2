/**
 * Whole models through onnxruntime-node: every exportable layer (Linear on 2-D and 3-D input,
 * Conv2d with each padding form, stride, dilation and no bias, MaxPool2d/AvgPool2d with padding,
 * ceil mode, countIncludePad and divisorOverride, Flatten, Dropout, BatchNorm1d/2d with and without
 * affine parameters and running statistics, nested Sequential), an MLP and a CNN trained briefly
 * with fit, a dynamic batch, the leading standardisation, and the errors for what cannot export.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { manualSeed, nn, tensor, optim } from '../../../src/index.js';
import { fit } from '../../../src/train/fit.js';
import type { AnyModule } from '../../../src/nn/module.js';
import { Module } from '../../../src/nn/module.js';
import { MAX_OPSET, toOnnx } from '../../../src/io/onnx/index.js';
import { Generator } from '../../../src/tensor/random.js';
import { ulp32 } from '../../backend/wasm/helpers.js';
import { maxAbsDiff, runOnnx } from './ort.js';

const OPSETS = [13, 17, MAX_OPSET];

function input(shape: readonly number[], seed = 1): Float32Array {
  const g = new Generator(seed);
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => g.uniform(-2, 2));
}

/**
 * A layer's float32 sums in another order: each output within 16 ulps of the largest |output| of
 * its row plus 4 of its own value. Sums of products round differently (MLAS's blocked GEMM and
 * convolution against actlab's loops); the bound is a few ulps of the values they accumulate to.
 */
function expectClose(got: Float32Array, want: ArrayLike<number>, rowSize: number, what: string): void {
  const bad: string[] = [];
  for (let r = 0; r < want.length / rowSize; r++) {
    let scale = 1;
    for (let j = 0; j < rowSize; j++) scale = Math.max(scale, Math.abs(want[r * rowSize + j]!));
    for (let j = 0; j < rowSize; j++) {
      const i = r * rowSize + j;
      if (!(Math.abs(got[i]! - want[i]!) <= 4 * ulp32(want[i]!) + 16 * ulp32(scale)))
        bad.push(`[${i}] ${got[i]} vs ${want[i]}`);
    }
  }
  expect(bad.slice(0, 5), `${what}: ${bad.length} values off`).toEqual([]);
}

/** Exports at each opset, runs onnxruntime on x, compares with the model's eval forward. */
async function check(model: AnyModule, shape: readonly number[], what: string, dynamicBatch = true): Promise<number> {
  model.train(false);
  const x = input(shape);
  const want = (model as unknown as Module).forward(tensor(Array.from(x), { shape: [...shape] }));
  const rowSize = want.shape.slice(1).reduce((a, b) => a * b, 1);
  let worst = 0;
  for (const opset of OPSETS) {
    const bytes = toOnnx(model, { inputShape: [dynamicBatch ? -1 : shape[0]!, ...shape.slice(1)], opset });
    const got = await runOnnx(bytes, x, shape);
    expect(got.dims, `${what} opset ${opset}`).toEqual(want.shape);
    expectClose(got.data, want.data, rowSize, `${what} opset ${opset}`);
    worst = Math.max(worst, maxAbsDiff(got.data, want.data));
  }
  return worst;
}

/** Gives BatchNorm layers non-trivial running statistics and affine parameters. */
function warmUp(model: AnyModule, shape: readonly number[]): void {
  model.train(true);
  for (let i = 0; i < 3; i++)
    (model as unknown as Module).forward(
      tensor(
        Array.from(input(shape, 10 + i)).map((v) => 2 * v + 0.5),
        { shape: [...shape] },
      ),
    );
  for (const [name, p] of model.namedParameters())
    if (/weight|bias/.test(name) && p.ndim === 1) p.data.set(input(p.shape, name.length));
}

describe('layers through onnxruntime-node', () => {
  beforeAll(() => manualSeed(0));

  it('Linear on 2-D and 3-D input, with and without bias, Dropout, nested Sequential', async () => {
    const m = new nn.Sequential(
      new nn.Linear(6, 5),
      new nn.Dropout(0.3),
      new nn.Sequential(new nn.Tanh(), new nn.Linear(5, 4, { bias: false })),
    );
    await check(m, [7, 6], 'mlp 2-D');
    await check(m, [2, 3, 6], '3-D input (MatMul)');
  });

  it('Conv2d: integer, same (odd and even kernels) and valid padding, stride, dilation, no bias', async () => {
    const convs: [string, AnyModule][] = [
      ['padding 1', new nn.Conv2d(2, 3, 3, { padding: 1 })],
      ['same, 3×3, dilation 2', new nn.Conv2d(2, 3, 3, { padding: 'same', dilation: 2 })],
      ['same, 2×4 (odd total)', new nn.Conv2d(2, 3, [2, 4], { padding: 'same' })],
      ['valid, stride 2, no bias', new nn.Conv2d(2, 3, 3, { padding: 'valid', stride: 2, bias: false })],
      [
        'padding [1, 2], stride [2, 1], dilation [1, 2]',
        new nn.Conv2d(2, 4, [3, 2], { padding: [1, 2], stride: [2, 1], dilation: [1, 2] }),
      ],
    ];
    for (const [what, conv] of convs) await check(conv, [2, 2, 9, 8], what);
  });

  it('MaxPool2d and AvgPool2d: padding, stride, dilation, ceil mode, countIncludePad, divisorOverride', async () => {
    const pools: [string, AnyModule][] = [
      ['max 2', new nn.MaxPool2d(2)],
      ['max 3 stride 2 padding 1 ceil', new nn.MaxPool2d(3, { stride: 2, padding: 1, ceilMode: true })],
      ['max 2 dilation 2', new nn.MaxPool2d(2, { dilation: 2, stride: 1 })],
      ['avg 2', new nn.AvgPool2d(2)],
      ['avg 3 stride 2 padding 1 (count pad)', new nn.AvgPool2d(3, { stride: 2, padding: 1 })],
      [
        'avg 3 stride 2 padding 1 (without pad)',
        new nn.AvgPool2d(3, { stride: 2, padding: 1, countIncludePad: false }),
      ],
      ['avg 3 stride 2 ceil (count pad)', new nn.AvgPool2d(3, { stride: 2, ceilMode: true })],
      [
        'avg 3 stride 2 padding 1 ceil (without pad)',
        new nn.AvgPool2d(3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }),
      ],
      ['avg 2 padding 1 divisorOverride 3', new nn.AvgPool2d(2, { padding: 1, divisorOverride: 3 })],
    ];
    for (const [what, pool] of pools) await check(pool, [2, 3, 9, 8], what);
  });

  it('Flatten: all but the batch, a middle range, and a no-op', async () => {
    await check(new nn.Flatten(), [2, 3, 4, 5], 'flatten 1..-1');
    await check(new nn.Flatten(1, 2), [2, 3, 4, 5], 'flatten 1..2');
    await check(new nn.Flatten(2, 3), [2, 3, 4, 5], 'flatten 2..3');
    await check(new nn.Sequential(new nn.Flatten(3, 3), new nn.ReLU()), [2, 3, 4, 5], 'flatten 3..3');
  });

  it('BatchNorm1d/2d in eval mode: running statistics, without affine, without running statistics', async () => {
    const models: [string, AnyModule, number[]][] = [
      ['bn1d [N, C]', new nn.Sequential(new nn.Linear(4, 6), new nn.BatchNorm1d(6)), [8, 4]],
      ['bn1d [N, C, L]', new nn.BatchNorm1d(3, { affine: false }), [4, 3, 5]],
      ['bn2d', new nn.Sequential(new nn.Conv2d(2, 3, 3), new nn.BatchNorm2d(3, { eps: 1e-3 })), [4, 2, 6, 6]],
      ['bn2d no running stats', new nn.BatchNorm2d(3, { trackRunningStats: false }), [4, 3, 5, 5]],
    ];
    for (const [what, m, shape] of models) {
      warmUp(m, shape);
      await check(m, shape, what);
    }
  });

  it('a CNN with per-channel PReLU, Softmax2d, AvgPool and BatchNorm, static batch', async () => {
    const m = new nn.Sequential(
      new nn.Conv2d(1, 4, 3, { padding: 1 }),
      new nn.BatchNorm2d(4),
      new nn.PReLU({ numParameters: 4 }),
      new nn.AvgPool2d(2),
      new nn.Softmax2d(),
      new nn.Flatten(),
      new nn.Linear(4 * 4 * 4, 3),
    );
    warmUp(m, [5, 1, 8, 8]);
    await check(m, [5, 1, 8, 8], 'cnn', false);
  });
});

describe('models trained briefly with fit, through onnxruntime-node', () => {
  it('an MLP (GELU) and a CNN (SiLU) after a few steps of Adam', async () => {
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
