/**
 * `npm run bench:onnx`: the ONNX export's figures, in one run.
 *
 * 1. Per activation and opset (13..26): a native ONNX op (one node) or a decomposition, traced from
 *    each spec's `onnx` form — what io.toOnnx writes.
 * 2. Per activation (defaults): max |onnxruntime − actlab float32| at opset 17 and at 26, on
 *    [−20, 20] (step 0.01) and on magnitudes 1e−30..1e30 of both signs (dim-wise ones on seeded
 *    [−10, 10] slices).
 * 3. The MNIST CNN (`--model cnn` defaults: conv3×3(16)-relu-pool-conv3×3(32)-relu-pool-128-relu-10):
 *    the .onnx file's size, and one timed forward of the same batch of MNIST test digits in
 *    onnxruntime-node (1 intra-op thread) and in actlab (eval, no grad, wasm backend), after one
 *    untimed warm-up call each. Options: `--batch N` (default 256), `--markdown`.
 *
 * Timings are one run on a shared machine: read them as a rough ratio, not a benchmark.
 */
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import { activations, manualSeed, noGrad, tensor } from '../src/index.js';
import { Activation } from '../src/nn/activation.js';
import { buildModel } from '../src/models/registry.js';
import { loadMnist } from '../src/data/node/index.js';
import { MAX_OPSET, MIN_OPSET, toOnnx } from '../src/io/onnx/index.js';
import { onnxFormOps, summarizeOps } from '../src/io/onnx/describe.js';
import type { AnyModule, Module } from '../src/nn/module.js';
import { Generator } from '../src/tensor/random.js';

const args = process.argv.slice(2);
const batchArg = args.indexOf('--batch');
const BATCH = batchArg >= 0 ? Number(args[batchArg + 1]) : 256;
if (!Number.isInteger(BATCH) || BATCH < 1) {
  console.error(`bench:onnx: --batch must be a positive integer, got ${args[batchArg + 1]}`);
  process.exit(2);
}
ort.env.logLevel = 'error';

async function runOrt(bytes: Uint8Array, x: Float32Array, dims: number[]): Promise<Float32Array> {
  const s = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const out = await s.run({ [s.inputNames[0]!]: new ort.Tensor('float32', x, dims) });
  await s.release();
  return out[s.outputNames[0]!]!.data as Float32Array;
}

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (Number.isFinite(d) && d > m) m = d;
  }
  return m;
}

// ---- 1. native or decomposed, per opset --------------------------------------------------------
console.log(`## Native (one ONNX op) or decomposed, per opset ${MIN_OPSET}..${MAX_OPSET} (defaults)\n`);
console.log('| activation | native at opsets | decomposed at opsets (ops) |');
console.log('|---|---|---|');
for (const spec of activations) {
  const native: number[] = [];
  const decomposed = new Map<string, number[]>();
  for (let opset = MIN_OPSET; opset <= MAX_OPSET; opset++) {
    const ops = onnxFormOps(spec, opset);
    if (!ops) continue;
    if (ops.length === 1) native.push(opset);
    else {
      const key = summarizeOps(ops);
      decomposed.set(key, [...(decomposed.get(key) ?? []), opset]);
    }
  }
  // Runs of consecutive opsets: 13–23, 25–26.
  const range = (l: number[]): string => {
    const runs: string[] = [];
    for (let i = 0; i < l.length;) {
      let j = i;
      while (j + 1 < l.length && l[j + 1] === l[j]! + 1) j++;
      runs.push(i === j ? String(l[i]) : `${l[i]}–${l[j]}`);
      i = j + 1;
    }
    return runs.join(', ') || '—';
  };
  const nativeOp = native.length ? `${range(native)} (${onnxFormOps(spec, native[0]!)![0]})` : '—';
  const dec = [...decomposed].map(([ops, l]) => `${range(l)} (${ops})`).join('; ') || '—';
  console.log(`| ${spec.id} | ${nativeOp} | ${dec} |`);
}

// ---- 2. max |onnxruntime − actlab| ------------------------------------------------------------
const near: number[] = [];
for (let i = 0; i <= 4000; i++) near.push(-20 + i / 100);
const far: number[] = [];
for (let e = -30; e <= 30; e += 0.25) far.push(10 ** e, -(10 ** e));
const pad = (v: number[]): Float32Array =>
  Float32Array.from([...v, ...Array<number>((4 - (v.length % 4)) % 4).fill(0)]);

console.log('\n## max |onnxruntime − actlab float32| per activation (defaults)\n');
console.log(
  `| activation | opset 17, [−20, 20] | opset 17, 1e±30 | opset ${MAX_OPSET}, [−20, 20] | opset ${MAX_OPSET}, 1e±30 |`,
);
console.log('|---|---|---|---|---|');
for (const spec of activations) {
  const m = new Activation(spec) as unknown as Module;
  m.train(false);
  const cells: string[] = [];
  for (const opset of [17, MAX_OPSET]) {
    for (const values of [near, far]) {
      let x: Float32Array;
      let shape: number[];
      if (spec.kind === 'dimwise') {
        shape = spec.fixedDim ? [2, 4, 3, 5] : [6, 8];
        const g = new Generator(values === near ? 1 : 2);
        const scale = values === near ? 10 : 1e3;
        x = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => g.uniform(-scale, scale));
      } else {
        x = pad(values);
        shape = [x.length / 4, 4];
      }
      const want = noGrad(() => m.forward(tensor(Array.from(x), { shape })));
      const got = await runOrt(
        toOnnx(m as unknown as AnyModule, { inputShape: [-1, ...shape.slice(1)], opset }),
        x,
        shape,
      );
      cells.push(maxAbs(got, want.data).toExponential(1));
    }
  }
  console.log(`| ${spec.id} | ${cells.join(' | ')} |`);
}
console.log('\n(dim-wise activations: seeded slices in [−10, 10] and [−1000, 1000] in place of the two ranges)');

// ---- 3. the MNIST CNN ----------------------------------------------------------------------------
manualSeed(0);
const cnn = buildModel({ kind: 'cnn', inputShape: [1, 28, 28], classes: 10, activation: { id: 'relu' } } as never);
cnn.train(false);
const test = loadMnist().test;
if (test.n < BATCH) throw new RangeError(`bench:onnx: --batch ${BATCH} is more than the ${test.n} test digits`);
const batch = Float32Array.from(test.x.subarray(0, BATCH * 784));
const bytes = toOnnx(cnn as unknown as AnyModule, { inputShape: [-1, 1, 28, 28], opset: 17 });
const params = [...(cnn as unknown as Module).parameters()].reduce((s, p) => s + p.numel, 0);
const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
const feeds = { [session.inputNames[0]!]: new ort.Tensor('float32', batch, [BATCH, 1, 28, 28]) };
const xa = tensor(Array.from(batch), { shape: [BATCH, 1, 28, 28] });
const forward = (): Float32Array => noGrad(() => (cnn as unknown as Module).forward(xa)).data as Float32Array;

await session.run(feeds); // warm-up
forward();
let t = performance.now();
const ortOut = (await session.run(feeds))[session.outputNames[0]!]!.data as Float32Array;
const ortMs = performance.now() - t;
t = performance.now();
const actOut = forward();
const actMs = performance.now() - t;
await session.release();

console.log(`\n## MNIST CNN (${params} parameters), batch ${BATCH} of MNIST test digits, opset 17\n`);
console.log(
  `file size: ${bytes.length} bytes (${(bytes.length / 1024).toFixed(1)} KiB; float32 weights: ${params * 4} bytes)`,
);
console.log(`onnxruntime-node 1.30 (1 thread): ${ortMs.toFixed(1)} ms`);
console.log(`actlab forward (wasm backend, eval, no grad): ${actMs.toFixed(1)} ms`);
console.log(`ratio actlab / onnxruntime: ${(actMs / ortMs).toFixed(2)}`);
console.log(`max |onnxruntime − actlab| over the logits: ${maxAbs(ortOut, actOut).toExponential(1)}`);
