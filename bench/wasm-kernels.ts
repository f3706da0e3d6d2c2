/**
 * Throughput of the WASM-SIMD kernels, single thread: elementwise activations in M elements/s at
 * N = 2^20 (inputs N(0, 2²), in and out in WASM memory) against the memory floor
 * (Float32Array.prototype.set of N floats) and a plain JS loop; GEMM in GFLOP/s.
 *
 *   npx tsx bench/wasm-kernels.ts [--quick] [--chunked] [--log2n K] [--no-gemm]
 *
 * --log2n K times arrays of 2^K floats instead of 2^20 (14: in L1, the kernels' own speed, used
 * for A/B comparisons such as `ACTLAB_WASM_SIMD=baseline` against the default relaxed build).
 *
 * Each figure is the best of several timed rounds after a warm-up (V8 tiers WASM up from its
 * baseline compiler on the first calls), so it measures the kernel, not the tier-up or noise
 * from other processes. On a busy machine a call of several milliseconds is rarely left
 * unpreempted; --chunked times 2^14-element slices of the same arrays (best slice, scaled) so
 * slow kernels are not penalised more than fast ones. The load average is printed first.
 */
import { availableParallelism, loadavg } from 'node:os';
import { paramDefaults } from '../src/activations/params.js';
import { getActivation } from '../src/activations/registry.js';
import type { KernelParams } from '../src/backend/backend.js';
import { getWasmRuntime } from '../src/backend/wasm/index.js';

const quick = process.argv.includes('--quick');
const chunked = process.argv.includes('--chunked');
const rt = getWasmRuntime();
const log2nArg = process.argv.indexOf('--log2n');
const log2n = log2nArg > 0 ? Number(process.argv[log2nArg + 1]) : 20;
if (!Number.isInteger(log2n) || log2n < 10 || log2n > 26) {
  console.error(
    `--log2n: expected an integer from 10 to 26 (softmax rows are 1024 long), got ${process.argv[log2nArg + 1]}`,
  );
  process.exit(2);
}
const N = 2 ** log2n;

/** Best time in ms of `fn` over `rounds` rounds of `reps` calls, after `warm` calls. */
function best(fn: () => void, { warm = 20, rounds = quick ? 10 : 40, reps = 1 } = {}): number {
  for (let i = 0; i < warm; i++) fn();
  let t = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) fn();
    t = Math.min(t, (performance.now() - t0) / reps);
  }
  return t;
}

// Inputs ~ N(0, 2²) by Box–Muller from a fixed LCG, so runs are comparable.
const x = rt.heap.alloc(N),
  y = rt.heap.alloc(N),
  g = rt.heap.alloc(N);
let seed = 42;
const rand = (): number => ((seed = (seed * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
for (let i = 0; i < N; i++) {
  x[i] = 2 * Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand());
  g[i] = rand() - 0.5;
}

const rows: [string, number][] = [];
const CHUNK = Math.min(N, 2 ** 14);
const slices = (a: Float32Array): Float32Array[] =>
  Array.from({ length: N / CHUNK }, (_, i) => a.subarray(i * CHUNK, (i + 1) * CHUNK));
const [xs, ys, gs] = [slices(x), slices(y), slices(g)];
/** `fn(x, y, g)` over the whole arrays, or (--chunked) over each slice, best slice time scaled. */
const elementwise = (name: string, fn: (x: Float32Array, y: Float32Array, g: Float32Array) => void): void => {
  if (!chunked) {
    rows.push([name, N / best(() => fn(x, y, g)) / 1e3]);
    return;
  }
  let t = Infinity;
  for (let round = 0; round < (quick ? 3 : 10); round++) {
    for (let i = 0; i < xs.length; i++)
      t = Math.min(
        t,
        best(() => fn(xs[i]!, ys[i]!, gs[i]!), { warm: round ? 0 : 2, rounds: 1 }),
      );
  }
  rows.push([name, CHUNK / t / 1e3]);
};

const plain = new Float32Array(N),
  plainOut = new Float32Array(N);
plain.set(x);
elementwise('memory floor: Float32Array.set', (a, b) => b.set(a));
elementwise('JS loop: sigmoid (reference)', (a) => {
  const n = a.length;
  for (let i = 0; i < n; i++) plainOut[i] = 1 / (1 + Math.exp(-plain[i]!));
});
const act = rt.activations;
/** An activation's parameters at the spec's defaults (the kernels read them by name). */
const d = (id: string, over: KernelParams = {}): KernelParams => ({
  ...(paramDefaults(getActivation(id).params) as KernelParams),
  ...over,
});
elementwise('relu forward', (a, b) => act.relu.forward(a, b, d('relu')));
elementwise('softshrink forward', (a, b) => act.softshrink.forward(a, b, d('softshrink')));
elementwise('sigmoid forward', (a, b) => act.sigmoid.forward(a, b, d('sigmoid')));
elementwise('tanh forward', (a, b) => act.tanh.forward(a, b, d('tanh')));
elementwise('tanh backward', (a, b, c) => act.tanh.backward(a, b, c, b, d('tanh')));
elementwise('elu forward', (a, b) => act.elu.forward(a, b, d('elu')));
elementwise('elu backward', (a, b, c) => act.elu.backward(a, b, c, b, d('elu')));
elementwise('softplus forward', (a, b) => act.softplus.forward(a, b, d('softplus')));
elementwise('softplus backward', (a, b, c) => act.softplus.backward(a, b, c, b, d('softplus')));
elementwise('logsigmoid forward', (a, b) => act.logsigmoid.forward(a, b, d('logsigmoid')));
elementwise('gelu forward (erf)', (a, b) => act.gelu.forward(a, b, d('gelu')));
elementwise('gelu forward (tanh)', (a, b) => act.gelu.forward(a, b, d('gelu', { approximate: 'tanh' })));
elementwise('silu forward', (a, b) => act.silu.forward(a, b, d('silu')));
elementwise('mish forward', (a, b) => act.mish.forward(a, b, d('mish')));
elementwise('exp', (a, b) => rt.kernels.unary('exp', a, b));
elementwise('relu backward', (a, b, c) => act.relu.backward(a, b, c, b, d('relu')));
elementwise('sigmoid backward', (a, b, c) => act.sigmoid.backward(a, b, c, b, d('sigmoid')));
elementwise('gelu backward (erf)', (a, b, c) => act.gelu.backward(a, b, c, b, d('gelu')));
elementwise('silu backward', (a, b, c) => act.silu.backward(a, b, c, b, d('silu')));
elementwise('log_softmax rows of 1024', (a, b) => rt.kernels.logSoftmax(a, b, 1024));
elementwise('softmax rows of 1024', (a, b) => rt.kernels.softmax(a, b, 1024));

const width = Math.max(...rows.map(([n]) => n.length));
const floor = rows[0]![1];
const load = loadavg()[0]!;
const cores = availableParallelism();
const busy = load > cores ? `: busy machine, figures are pessimistic${chunked ? '' : ' (try --chunked)'}` : '';
console.log(
  `WASM-SIMD kernels (${rt.simd} build), 1 thread, N = 2^${log2n} float32 (${process.version}, ${process.arch})${chunked ? ', timed in 2^14 slices' : ''}`,
);
console.log(`load average ${load.toFixed(1)} on ${cores} cores${busy}\n`);
console.log(`${'kernel'.padEnd(width)}  M elem/s  vs floor`);
for (const [name, rate] of rows) {
  console.log(
    `${name.padEnd(width)}  ${rate.toFixed(0).padStart(8)}  ${((100 * rate) / floor).toFixed(0).padStart(7)}%`,
  );
}

// GEMM (skipped with --no-gemm, e.g. for A/B runs of the elementwise kernels).
if (!process.argv.includes('--no-gemm')) {
  const gemmRow = (size: number, label: string, ms: number, threads: number): void => {
    console.log(
      `${`${size}³ ${label}`.padEnd(14)} ${String(threads).padStart(7)}  ${((2 * size ** 3) / ms / 1e6).toFixed(1).padStart(7)} GFLOP/s`,
    );
  };
  console.log(`\nGEMM C = op(A)·op(B), row-major float32\n${'size'.padEnd(14)} threads  ${'rate'.padStart(15)}`);
  for (const size of [256, 1024]) {
    const a = rt.heap.alloc(size * size),
      b = rt.heap.alloc(size * size),
      c = rt.heap.alloc(size * size);
    for (let i = 0; i < a.length; i++) {
      a[i] = rand() - 0.5;
      b[i] = rand() - 0.5;
    }
    const timing = { warm: size === 1024 ? 2 : 10, rounds: size === 1024 ? (quick ? 3 : 6) : quick ? 10 : 30 };
    for (const [label, opts] of [
      ['A·B', {}],
      ['Aᵀ·B', { transA: true }],
      ['A·Bᵀ', { transB: true }],
    ] as const) {
      gemmRow(
        size,
        label,
        best(() => rt.kernels.gemm(a, b, c, size, size, size, opts), timing),
        1,
      );
    }
    // One helper thread (worker_threads on the same shared memory): rows split in two.
    await rt.enableThreads(1);
    gemmRow(
      size,
      'A·B',
      best(() => rt.kernels.gemm(a, b, c, size, size, size), timing),
      2,
    );
    await rt.disableThreads();
    for (const v of [a, b, c]) rt.heap.free(v);
  }
}
