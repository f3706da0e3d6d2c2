/**
 * Where a GEMM starts to pay for a helper thread: the shapes linear layers produce (batch × out ×
 * in), each timed on one thread and split over `--helpers` helper threads, interleaved in one
 * process (runtimes of their own, the size threshold lifted), best of several rounds. `split` is
 * the raw static split; `adaptive` adds the library's back-off on a busy machine (it stops
 * splitting while the helpers do not run alongside the caller). GemmThreads.minParallelMacs
 * (src/backend/wasm/threads.ts) should sit where `split` passes 1× on an idle machine. Prints the
 * load average: on a shared machine the helper competes with other processes.
 *
 *   npx tsx bench/gemm-threads.ts [--helpers N] [--rounds R]
 */
import { availableParallelism, loadavg } from 'node:os';
import { createWasmRuntime } from '../src/backend/wasm/index.js';
import { GemmThreads } from '../src/backend/wasm/threads.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const helpers = arg('--helpers', 1);
const rounds = arg('--rounds', 30);

const single = createWasmRuntime();
const split = createWasmRuntime();
await split.enableThreads(helpers);
const adaptive = createWasmRuntime();
await adaptive.enableThreads(helpers);
GemmThreads.minParallelMacs = 0; // time every shape split, to find the crossover

// [m, n, k]: batch rows × outputs × inputs, forward and backward shapes of small to large layers.
const SHAPES: [number, number, number][] = [
  [32, 64, 64],
  [64, 64, 64],
  [64, 128, 64],
  [64, 128, 128],
  [128, 128, 128],
  [128, 256, 128],
  [128, 256, 256],
  [128, 512, 256],
  [256, 256, 256],
  [128, 256, 784],
  [512, 512, 512],
];

function timer(rt: typeof single, m: number, n: number, k: number): () => number {
  const a = rt.heap.copyIn(Array.from({ length: m * k }, (_, i) => Math.sin(i)));
  const b = rt.heap.copyIn(Array.from({ length: k * n }, (_, i) => Math.cos(i)));
  const c = rt.heap.alloc(m * n);
  const reps = Math.max(1, Math.round(2e6 / (m * n * k)));
  for (let i = 0; i < 5; i++) rt.kernels.gemm(a, b, c, m, n, k);
  return () => {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) rt.kernels.gemm(a, b, c, m, n, k);
    return (performance.now() - t0) / reps;
  };
}

console.log(
  `cores ${availableParallelism()}, load average ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
console.log(`helpers ${helpers}, best of ${rounds} rounds, interleaved`);
console.log('speed-up over one thread: best round / median round (the median shows the cost of unlucky rounds)');
console.log('m×n×k               MACs   1 thread µs (best)      split          adaptive');
const cell = (x: number, width: number, digits = 0): string => x.toFixed(digits).padStart(width);
const median = (xs: number[]): number => [...xs].sort((p, q) => p - q)[xs.length >> 1]!;
for (const [m, n, k] of SHAPES) {
  const timers = [timer(single, m, n, k), timer(split, m, n, k), timer(adaptive, m, n, k)];
  const times: number[][] = [[], [], []];
  for (let r = 0; r < rounds; r++) {
    timers.forEach((t, i) => {
      GemmThreads.adaptive = i === 2;
      times[i]!.push(t());
    });
  }
  const best = times.map((ts) => Math.min(...ts));
  const mid = times.map(median);
  const ratio = (i: number): string => `${cell(best[0]! / best[i]!, 5, 2)} / ${cell(mid[0]! / mid[i]!, 4, 2)}`;
  console.log(
    `${`${m}×${n}×${k}`.padEnd(16)} ${cell((m * n * k) / 1e6, 6, 2)}M ${cell(best[0]! * 1000, 16)}   ${ratio(1)}   ${ratio(2)}`,
  );
}
console.log(
  `load average ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
await split.disableThreads();
await adaptive.disableThreads();
