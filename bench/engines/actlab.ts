/** actlab through its public API on the wasm backend (1 thread; GEMM also with 2). */
import '../../src/backend/default.js';
import { applyActivation, getBackend, nn, noGrad, ops, optim, setBackend, tensor, F } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { release, stepScope } from '../../src/backend/scope.js';
import type { Module } from '../../src/nn/module.js';
import type { WasmBackend } from '../../src/backend/wasm/backend.js';
import type { ActivationCase, GemmCase } from '../cases.js';
import { TRAIN } from '../cases.js';
import { secondsPerCall } from '../lib/measure.js';

export function wasmBackend(): WasmBackend {
  setBackend('wasm');
  return getBackend('float32') as WasmBackend;
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
  const be = wasmBackend();
  const before = be.runtime.threads; // ACTLAB_WASM_THREADS or 0 (run.ts), restored below
  if (threads > 1) await be.runtime.enableThreads(threads - 1);
  const a = randomTensor(c.transA ? [c.k, c.m] : [c.m, c.k]);
  const b = randomTensor(c.transB ? [c.n, c.k] : [c.k, c.n]);
  try {
    return secondsPerCall(() => release(noGrad(() => ops.mm(a, b, { transA: c.transA, transB: c.transB }))), {
      minTime,
    });
  } finally {
    release(a, b);
    if (threads > 1) await be.runtime.enableThreads(before);
  }
}

const MODULES: Record<string, () => Module> = {
  relu: () => new nn.ReLU(),
  gelu: () => new nn.GELU(),
  mish: () => new nn.Mish(),
  sigmoid: () => new nn.Sigmoid(),
};

/** Seconds per training step of the MLP (forward, cross-entropy, backward, Adam) on pre-made batches. */
export function trainStep(act: string, xs: Float32Array, ys: Int32Array, batches: number, minTime: number): number {
  const { sizes, batch, lr } = TRAIN;
  const layers: Module[] = [];
  for (let i = 0; i < sizes.length - 1; i++) {
    layers.push(new nn.Linear(sizes[i]!, sizes[i + 1]!));
    if (i < sizes.length - 2) layers.push(MODULES[act]!());
  }
  const model = new nn.Sequential(...layers);
  const opt = new optim.Adam(model.parameters(), { lr });
  const per = batch * sizes[0]!;
  const X = Array.from({ length: batches }, (_, b) =>
    tensor(xs.subarray(b * per, (b + 1) * per), { shape: [batch, sizes[0]!] }),
  );
  const Y = Array.from({ length: batches }, (_, b) =>
    tensor(ys.subarray(b * batch, (b + 1) * batch), { dtype: 'int32' }),
  );
  const memory = stepScope(model, opt);
  let i = 0;
  try {
    return secondsPerCall(
      () => {
        const b = i++ % batches;
        memory.run(() => {
          opt.zeroGrad();
          const loss = F.crossEntropy(model.forward(X[b]!), Y[b]!);
          loss.backward();
          opt.step();
          return loss.item();
        });
      },
      { minTime, batchTime: 0.1 },
    );
  } finally {
    memory.close();
    release(...X);
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
