/**
 * The GEMM shapes of `npm run bench` (cases.ts GEMMS) at kernel level on one thread, interleaved
 * round by round with the WASM multiply-add peak (assembly/peak.as), so that a busy machine slows
 * them alike: best and median GFLOP/s and the best as a share of the peak. Then a sampling CPU
 * profile per shape splits its time between the micro-kernel (micro6 / micro4), packing (packA,
 * packB) and the driver with its edge tiles (gemm_general): where a shape below the peak loses.
 *
 * With `--ab OTHER.wasm` a second runtime from that build (e.g. a copy of wasm/actlab-relaxed.wasm
 * saved before a change) runs the same shapes in the same rounds: an A/B on equal load.
 *
 *   npx tsx bench/gemm-shapes.ts [--rounds R] [--no-prof] [--ab OTHER.wasm]
 */
import { Session } from 'node:inspector/promises';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createWasmRuntime } from '../src/backend/wasm/index.js';
import { GEMMS } from './cases.js';

const argv = process.argv.slice(2);
const i = argv.indexOf('--rounds');
const rounds = i >= 0 ? Number(argv[i + 1]) : 15;
const rt = createWasmRuntime();
const j = argv.indexOf('--ab');
const other = j >= 0 ? createWasmRuntime({ bytes: readFileSync(argv[j + 1]!) }) : null;
const load = (): string =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');

const peakIters = 1 << 16;
const peakFlops = peakIters * rt.exports.madd_peak_flops_per_iter();
function peakMs(): number {
  let t = Infinity;
  for (let r = 0; r < 20; r++) {
    const t0 = performance.now();
    rt.exports.madd_peak(peakIters, 1);
    t = Math.min(t, performance.now() - t0);
  }
  return t;
}

function timer(r: typeof rt, g: (typeof GEMMS)[number], flops: number): () => number {
  const a = r.heap.copyIn(Array.from({ length: g.m * g.k }, (_, q) => Math.sin(q)));
  const b = r.heap.copyIn(Array.from({ length: g.k * g.n }, (_, q) => Math.cos(q)));
  const c = r.heap.alloc(g.m * g.n);
  const reps = Math.max(1, Math.round(2e7 / flops));
  const run = (): number => {
    const t0 = performance.now();
    for (let q = 0; q < reps; q++) r.kernels.gemm(a, b, c, g.m, g.n, g.k, g);
    return (performance.now() - t0) / reps;
  };
  run();
  return run;
}
const shapes = GEMMS.map((g) => {
  const flops = 2 * g.m * g.n * g.k;
  return {
    g,
    flops,
    run: timer(rt, g, flops),
    times: [] as number[],
    ab: other ? { run: timer(other, g, flops), times: [] as number[] } : null,
  };
});

console.log(`wasm build ${rt.simd}, 1 thread, best of ${rounds} interleaved rounds; load average ${load()}`);
let peakBest = Infinity;
for (let r = 0; r < rounds; r++) {
  peakBest = Math.min(peakBest, peakMs());
  for (const s of shapes) {
    s.times.push(s.run());
    if (s.ab) s.ab.times.push(s.ab.run());
  }
}
const peak = peakFlops / peakBest / 1e6;
const median = (xs: number[]): number => [...xs].sort((p, q) => p - q)[xs.length >> 1]!;
console.log(`WASM multiply-add peak ${peak.toFixed(1)} GFLOP/s\n`);
const rate = (flops: number, ms: number): number => flops / ms / 1e6;
console.log(`| shape | best GFLOP/s | median | best ÷ peak |${other ? ' --ab best | new ÷ --ab |' : ''}`);
console.log(`|---|---:|---:|---:|${other ? '---:|---:|' : ''}`);
for (const s of shapes) {
  const best = rate(s.flops, Math.min(...s.times));
  const ab = s.ab ? rate(s.flops, Math.min(...s.ab.times)) : 0;
  console.log(
    `| ${s.g.name} | ${best.toFixed(1)} | ${rate(s.flops, median(s.times)).toFixed(1)} | ${(best / peak).toFixed(2)} |${
      s.ab ? ` ${ab.toFixed(1)} | ${(best / ab).toFixed(2)}× |` : ''
    }`,
  );
}

if (!argv.includes('--no-prof')) {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 50 });
  console.log('\nSelf time per shape (sampled), share of the shape’s samples:\n');
  const parts = ['micro', 'packA', 'packB', 'gemm_general', 'other'];
  console.log(`| shape | ${parts.join(' | ')} |`);
  console.log(`|---|${parts.map(() => '---:').join('|')}|`);
  for (const s of shapes) {
    await session.post('Profiler.start');
    const end = performance.now() + 300;
    while (performance.now() < end) s.run();
    const { profile } = (await session.post('Profiler.stop')) as {
      profile: { nodes: { id: number; callFrame: { functionName: string } }[]; samples: number[] };
    };
    const names = new Map(profile.nodes.map((n) => [n.id, n.callFrame.functionName]));
    const count = new Map<string, number>();
    for (const id of profile.samples) {
      const f = names.get(id) ?? '';
      const part = parts.find((p) => f.includes(p)) ?? 'other';
      count.set(part, (count.get(part) ?? 0) + 1);
    }
    const n = profile.samples.length;
    console.log(
      `| ${s.g.name} | ${parts.map((p) => `${((100 * (count.get(p) ?? 0)) / n).toFixed(0)}%`).join(' | ')} |`,
    );
  }
  await session.post('Profiler.disable');
  session.disconnect();
}
console.log(`\nload average after ${load()}`);
