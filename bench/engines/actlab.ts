/** actlab through its public API on the wasm backend, on 1 thread or with helper threads (`threads`). */
import '../../src/backend/default.js';
import { applyActivation, getBackend, nn, noGrad, ops, optim, setBackend, tensor, F } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { release, stepScope, tidy } from '../../src/backend/scope.js';
import type { Module } from '../../src/nn/module.js';
import type { WasmBackend } from '../../src/backend/wasm/backend.js';
import type { ActivationCase, GemmCase, GemmProduct } from '../cases.js';
import { ATTACK, CNN, TRAIN } from '../cases.js';
import { secondsPerCall } from '../lib/measure.js';

export function wasmBackend(): WasmBackend {
  setBackend('wasm');
  return getBackend('float32') as WasmBackend;
}

/**
 * Runs `fn` with the runtime on exactly `threads` threads (the calling one and threads − 1
 * helpers), whatever the default is, and restores the previous count afterwards.
 */
export async function withThreads<T>(threads: number, fn: () => T): Promise<T> {
  const rt = wasmBackend().runtime;
  const before = rt.threads;
  const set = async (helpers: number): Promise<void> => {
    if (rt.threads === helpers) return;
    if (helpers === 0) await rt.disableThreads();
    else await rt.enableThreads(helpers);
  };
  await set(threads - 1);
  try {
    return fn();
  } finally {
    await set(before);
  }
}

/**
 * Seconds per forward (or forward + backward with upstream `gys`) of `fn` on a tensor of `xs`;
 * every output and gradient is released at once, so the heap stays flat while timing.
 */
function timePasses(
  fn: (x: Tensor) => Tensor,
  xs: Float32Array,
  gys: Float32Array,
  shape: number[],
  pass: 'forward' | 'backward',
  minTime: number,
): number {
  const x = tensor(xs, { shape });
  try {
    if (pass === 'forward') return secondsPerCall(() => release(noGrad(() => fn(x))), { minTime });
    const gy = tensor(gys, { shape });
    x.requiresGrad_();
    const s = secondsPerCall(
      () => {
        const y = fn(x);
        y.backward(gy);
        release(y, x.grad);
        x.grad = null;
      },
      { minTime },
    );
    release(gy);
    return s;
  } finally {
    release(x);
  }
}

/** Seconds per forward (or forward + backward) of an activation on N values. */
export function activation(
  c: ActivationCase,
  xs: Float32Array,
  gys: Float32Array,
  pass: 'forward' | 'backward',
  minTime: number,
): number {
  return timePasses((x) => applyActivation(c.id, x, c.options), xs, gys, [xs.length], pass, minTime);
}

export function softmax(
  name: 'softmax' | 'log_softmax',
  xs: Float32Array,
  gys: Float32Array,
  rows: number,
  cols: number,
  pass: 'forward' | 'backward',
  minTime: number,
): number {
  const fn = name === 'softmax' ? F.softmax : F.logSoftmax;
  return timePasses((x) => fn(x, { dim: -1 }), xs, gys, [rows, cols], pass, minTime);
}

function randomTensor(shape: number[]): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = Math.sin(i * 12.9898) * 0.5;
  return tensor(data, { shape });
}

/** Seconds per GEMM through ops.mm (output allocated per call, as a user sees it). */
export async function gemm(c: GemmCase, threads: number, minTime: number): Promise<number> {
  const a = randomTensor(c.transA ? [c.k, c.m] : [c.m, c.k]);
  const b = randomTensor(c.transB ? [c.n, c.k] : [c.k, c.n]);
  try {
    return await withThreads(threads, () =>
      secondsPerCall(() => release(noGrad(() => ops.mm(a, b, { transA: c.transA, transB: c.transB }))), {
        minTime,
      }),
    );
  } finally {
    release(a, b);
  }
}

/** Seconds per run of the products back to back through ops.mm (cases.ts GEMM_SEQUENCES). */
export async function gemmSequence(
  products: readonly GemmProduct[],
  threads: number,
  minTime: number,
): Promise<number> {
  const operands = products.map((c) => ({
    c,
    a: randomTensor(c.transA ? [c.k, c.m] : [c.m, c.k]),
    b: randomTensor(c.transB ? [c.n, c.k] : [c.k, c.n]),
  }));
  try {
    return await withThreads(threads, () =>
      secondsPerCall(
        () =>
          noGrad(() => {
            for (const { c, a, b } of operands) release(ops.mm(a, b, { transA: c.transA, transB: c.transB }));
          }),
        { minTime },
      ),
    );
  } finally {
    for (const { a, b } of operands) release(a, b);
  }
}

/**
 * This machine's WASM-SIMD multiply-add peak in GFLOP/s: 12 independent accumulator chains
 * (acc = acc·c + d) in registers, fused in the relaxed build, multiply then add in the baseline
 * one (assembly/peak.as). Best of `rounds` calls of ~1 ms.
 */
export function maddPeak(rounds = 200): { fused: number; unfused: number } {
  const ex = wasmBackend().runtime.exports;
  const iters = 1 << 16;
  const flops = iters * ex.madd_peak_flops_per_iter();
  const best = (fused: number): number => {
    let t = Infinity;
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      ex.madd_peak(iters, fused);
      t = Math.min(t, performance.now() - t0);
    }
    return flops / t / 1e6;
  };
  best(1);
  return { fused: best(1), unfused: best(0) };
}

const MODULES: Record<string, () => Module> = {
  relu: () => new nn.ReLU(),
  gelu: () => new nn.GELU(),
  mish: () => new nn.Mish(),
  sigmoid: () => new nn.Sigmoid(),
};

/** A training loop on pre-made batches: `step()` runs one (forward, cross-entropy, backward, Adam). */
export interface Trainer {
  step(): void;
  /** Frees the batches and the step scope. */
  close(): void;
}

/** Adam (lr) on `model` over the batches X/Y in turn, each step inside a stepScope. */
function trainer(model: Module, lr: number, X: Tensor[], Y: Tensor[]): Trainer {
  const opt = new optim.Adam(model.parameters(), { lr });
  const memory = stepScope(model, opt);
  let i = 0;
  return {
    step() {
      const b = i++ % X.length;
      memory.run(() => {
        opt.zeroGrad();
        const loss = F.crossEntropy(model.forward(X[b]!), Y[b]!);
        loss.backward();
        opt.step();
        return loss.item();
      });
    },
    close() {
      memory.close();
      release(...X, ...Y);
    },
  };
}

/** `batches` batches of `shape` inputs and int32 labels cut from xs and ys. */
function batchesOf(xs: Float32Array, ys: Int32Array, batches: number, shape: number[]): [Tensor[], Tensor[]] {
  const [batch] = shape as [number];
  const per = shape.reduce((p, d) => p * d, 1);
  const X = Array.from({ length: batches }, (_, b) => tensor(xs.subarray(b * per, (b + 1) * per), { shape }));
  const Y = Array.from({ length: batches }, (_, b) =>
    tensor(ys.subarray(b * batch, (b + 1) * batch), { dtype: 'int32' }),
  );
  return [X, Y];
}

/** The MLP of cases.ts TRAIN with activation `act`, training on pre-made batches. */
export function mlpTrainer(act: string, xs: Float32Array, ys: Int32Array, batches: number): Trainer {
  const { sizes, batch, lr } = TRAIN;
  const layers: Module[] = [];
  for (let i = 0; i < sizes.length - 1; i++) {
    layers.push(new nn.Linear(sizes[i]!, sizes[i + 1]!));
    if (i < sizes.length - 2) layers.push(MODULES[act]!());
  }
  return trainer(new nn.Sequential(...layers), lr, ...batchesOf(xs, ys, batches, [batch, sizes[0]!]));
}

/** Seconds per training step of the MLP (forward, cross-entropy, backward, Adam) on pre-made batches. */
export function trainStep(act: string, xs: Float32Array, ys: Int32Array, batches: number, minTime: number): number {
  const t = mlpTrainer(act, xs, ys, batches);
  try {
    return secondsPerCall(t.step, { minTime, batchTime: 0.1 });
  } finally {
    t.close();
  }
}

/** The small CNN of cases.ts (torch's default init). */
export function cnnModel(): Module {
  const [c1, c2] = CNN.channels as [number, number];
  const [inChannels, height] = CNN.input as [number, number, number];
  const side = height / 4;
  return new nn.Sequential(
    new nn.Conv2d(inChannels, c1, 3, { padding: 1 }),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Conv2d(c1, c2, 3, { padding: 1 }),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Flatten(),
    new nn.Linear(c2 * side * side, CNN.hidden),
    new nn.ReLU(),
    new nn.Linear(CNN.hidden, CNN.classes),
  );
}

const imageSize = CNN.input.reduce((p, d) => p * d, 1);

/** The small CNN of cases.ts CNN, training on pre-made batches. */
export function cnnTrainer(xs: Float32Array, ys: Int32Array, batches: number): Trainer {
  return trainer(cnnModel(), CNN.lr, ...batchesOf(xs, ys, batches, [CNN.batch, ...CNN.input]));
}

/** Seconds per training step of the small CNN (Adam, cross-entropy) on pre-made batches. */
export function cnnTrainStep(xs: Float32Array, ys: Int32Array, batches: number, minTime: number): number {
  const t = cnnTrainer(xs, ys, batches);
  try {
    return secondsPerCall(t.step, { minTime, batchTime: 0.1 });
  } finally {
    t.close();
  }
}

/** Seconds per PGD-10 run (cases.ts ATTACK) on one batch through the small CNN, weights frozen. */
export function pgd(xs: Float32Array, ys: Int32Array, minTime: number): number {
  const { batch, steps, eps, alpha } = ATTACK;
  const model = cnnModel();
  for (const p of model.parameters()) p.requiresGrad = false;
  const x0 = tensor(xs.subarray(0, batch * imageSize), { shape: [batch, ...CNN.input] });
  const y = tensor(ys.subarray(0, batch), { dtype: 'int32' });
  const lo = ops.sub(x0, eps);
  const hi = ops.add(x0, eps);
  const attack = (): void => {
    let x = x0;
    for (let s = 0; s < steps; s++) {
      const next = tidy(() => {
        const xr = x.detach().requiresGrad_();
        F.crossEntropy(model.forward(xr), y).backward();
        const stepped = ops.add(xr.detach(), ops.mul(ops.sign(xr.grad!), alpha));
        return ops.clamp(ops.minimum(ops.maximum(stepped, lo), hi), 0, 1);
      }, model);
      if (x !== x0) release(x);
      x = next;
    }
    release(x);
  };
  try {
    return secondsPerCall(attack, { minTime, batchTime: 0.1 });
  } finally {
    release(x0, y, lo, hi);
  }
}

/** The memory floor: Float32Array.prototype.set of N floats, both arrays in WASM memory. */
export function floor(xs: Float32Array, minTime: number): number {
  const heap = wasmBackend().runtime.heap;
  const src = heap.copyIn(xs);
  const dst = heap.allocUninitialized(xs.length);
  try {
    return secondsPerCall(() => dst.set(src), { minTime });
  } finally {
    heap.free(src);
    heap.free(dst);
  }
}
