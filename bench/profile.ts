/**
 * Where a training step's time goes (issue #15): the MLP 784-256-256-10 (batch 128, Adam) and the
 * small CNN of bench/cases.ts on the wasm backend, on the inputs `npm run bench` uses.
 *
 * Two views of the same loop, one after the other:
 * 1. Kernel timers: every method of the runtime's kernels, activation kernels and WASM heap
 *    allocator is wrapped with a timer (exclusive time: a kernel that allocates does not count
 *    the allocation twice). GEMMs are split by variant (operand transposes) with their shapes and
 *    GFLOP/s; V8's GC pauses come from a PerformanceObserver; the rest of the step — autograd,
 *    tensor objects, shape checks, staging copies — is "JS glue".
 * 2. With --cpu-prof: a sampling CPU profile (node:inspector, 100 µs) of the same steps without
 *    the timers, self time per function: WASM functions by name (the build keeps a name section,
 *    so micro6, packA, packB, … show up), (garbage collector), (program) and JS by folder.
 *
 *   npx tsx bench/profile.ts [--case mlp,cnn] [--steps N] [--threads T] [--act relu] [--cpu-prof] [--md FILE]
 *   npm run bench:profile -- --cpu-prof
 *
 * Prints the load average before and after: on a shared machine the shares stay meaningful
 * (everything is slowed alike) while the absolute milliseconds do not.
 */
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import * as actlab from './engines/actlab.js';
import { CNN, TRAIN } from './cases.js';
import { cnnInputs, mlpInputs } from './lib/inputs.js';
import type { GemmOptions } from '../src/backend/wasm/kernels.js';
import type { Conv2dGeometry } from '../src/backend/backend.js';

const argv = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
};
const cases = option('--case', 'mlp,cnn').split(',');
const steps = Number(option('--steps', '100'));
const threads = Number(option('--threads', '1'));
const act = option('--act', 'relu');
const cpuProf = argv.includes('--cpu-prof');
const mdFile = option('--md', '');
for (const c of cases) if (c !== 'mlp' && c !== 'cnn') throw new Error(`profile: --case ${c} is not mlp or cnn`);
if (!(steps >= 1)) throw new Error(`profile: --steps ${option('--steps', '')} must be a positive number`);
if (!(threads >= 1 && threads <= 8)) throw new Error(`profile: --threads ${threads} must be 1..8`);

const out: string[] = [];
const say = (line = ''): void => {
  console.log(line);
  out.push(line);
};
const load = (): string =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');

// ---- kernel timers ----

/** Exclusive time per category (ms), calls, and for GEMMs the multiply-adds. */
interface Bucket {
  ms: number;
  calls: number;
  flops: number;
}
const buckets = new Map<string, Bucket>();
const bucket = (name: string): Bucket => {
  let b = buckets.get(name);
  if (!b) buckets.set(name, (b = { ms: 0, calls: 0, flops: 0 }));
  return b;
};
/** Time of the children of each open timed call (to make the parent's exclusive). */
const childMs: number[] = [];

function timed<A extends unknown[], R>(fn: (...args: A) => R, label: (...args: A) => string): (...args: A) => R {
  return (...args: A): R => {
    childMs.push(0);
    const t0 = performance.now();
    try {
      return fn(...args);
    } finally {
      const dt = performance.now() - t0;
      const own = dt - childMs.pop()!;
      if (childMs.length > 0) childMs[childMs.length - 1]! += dt;
      const b = bucket(label(...args));
      b.ms += own;
      b.calls++;
    }
  };
}

/** The GEMM variant as the training step produces it (src/ops/matmul.ts vjp, nn.Linear). */
function gemmLabel(o: GemmOptions | undefined): string {
  if (o?.transA) return 'gemm Aᵀ·B (weight grad gᵀ·x)';
  if (o?.transB) return 'gemm A·Bᵀ (forward x·Wᵀ)';
  return 'gemm A·B (input grad g·W)';
}

const KERNEL_LABELS: Record<string, string> = {
  conv2d: 'conv forward (implicit im2col GEMM)',
  conv2dBackwardInput: 'conv backward input',
  conv2dBackwardWeight: 'conv backward weight',
  maxPool2x2: 'max pooling fwd',
  scatterAdd: 'max pooling bwd (scatter)',
  adamStep: 'optimizer (Adam)',
  sgdStep: 'optimizer (SGD)',
  softmax: 'softmax / log_softmax (loss)',
  logSoftmax: 'softmax / log_softmax (loss)',
  softmaxBackward: 'softmax / log_softmax (loss)',
  logSoftmaxBackward: 'softmax / log_softmax (loss)',
};

/** Wraps the runtime's kernels, activation kernels and heap; returns the undo. */
function instrument(): () => void {
  const rt = actlab.wasmBackend().runtime;
  const undo: (() => void)[] = [];
  const patch = (obj: object, key: string, label: (...args: unknown[]) => string): void => {
    const o = obj as Record<string, unknown>;
    const own = Object.prototype.hasOwnProperty.call(o, key);
    const before = o[key];
    if (typeof before !== 'function') return;
    const fn = (before as (...args: unknown[]) => unknown).bind(obj);
    o[key] = timed(fn, label);
    undo.push(() => {
      if (own) o[key] = before;
      else delete o[key];
    });
  };
  for (const key of Object.keys(rt.kernels)) {
    if (key === 'gemm') {
      patch(rt.kernels, key, (...a) => {
        const [, , , m, n, k, o] = a as [unknown, unknown, unknown, number, number, number, GemmOptions | undefined];
        const label = `${gemmLabel(o)}\t${m}·${n}·${k}`;
        bucket(label).flops += 2 * m * n * k;
        return label;
      });
    } else if (key.startsWith('conv2d')) {
      patch(rt.kernels, key, (...a) => {
        const g = a[a.length - 1] as Conv2dGeometry;
        const label = `${KERNEL_LABELS[key]!}\t${g.c}→${g.o} ${g.kh}×${g.kw} on ${g.outH}×${g.outW}`;
        // Every conv pass is the same number of multiply-adds as the forward.
        bucket(label).flops += 2 * g.n * g.o * g.c * g.kh * g.kw * g.outH * g.outW;
        return label;
      });
    } else patch(rt.kernels, key, () => KERNEL_LABELS[key] ?? 'elementwise and reductions (bias, sums)');
  }
  for (const [id, k] of Object.entries(rt.activations)) {
    patch(k, 'forward', () => `activation ${id} fwd`);
    patch(k, 'backward', () => `activation ${id} bwd`);
  }
  for (const key of ['alloc', 'allocUninitialized', 'copyIn', 'free'])
    patch(rt.heap, key, () => 'WASM heap allocator (JS)');
  return () => undo.reverse().forEach((u) => u());
}

interface Case {
  name: string;
  trainer: () => actlab.Trainer;
}
const CASES: Record<string, Case> = {
  mlp: {
    name: `MLP ${TRAIN.sizes.join('-')} ${act}, batch ${TRAIN.batch}, Adam`,
    trainer: () => {
      const { xs, ys } = mlpInputs(8);
      return actlab.mlpTrainer(act, xs, ys, 8);
    },
  },
  cnn: {
    name: `CNN conv3×3·${CNN.channels[0]}-pool-conv3×3·${CNN.channels[1]}-pool-${CNN.hidden}-${CNN.classes}, batch ${CNN.batch}, Adam`,
    trainer: () => {
      const { xs, ys } = cnnInputs(4);
      return actlab.cnnTrainer(xs, ys, 4);
    },
  },
};

const fmt = (x: number, digits = 2): string => x.toFixed(digits);

async function kernelTable(c: Case): Promise<number> {
  const t = c.trainer();
  try {
    for (let i = 0; i < 5; i++) t.step(); // JIT, first allocations
    buckets.clear();
    const gcPauses: { start: number; ms: number }[] = [];
    const obs = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) gcPauses.push({ start: e.startTime, ms: e.duration });
    });
    obs.observe({ entryTypes: ['gc'] });
    const undo = instrument();
    const t0 = performance.now();
    try {
      for (let i = 0; i < steps; i++) t.step();
    } finally {
      undo();
    }
    const t1 = performance.now();
    await new Promise((r) => setTimeout(r, 50)); // let the observer deliver
    obs.disconnect();
    const wall = t1 - t0;
    const gc = gcPauses.filter((p) => p.start >= t0 && p.start < t1).reduce((s, p) => s + p.ms, 0);
    const kernels = [...buckets.values()].reduce((s, b) => s + b.ms, 0);
    // Buckets are 'label' or 'label\tshape': one row per label, then its shapes.
    const groups = new Map<string, { total: Bucket; shapes: [string, Bucket][] }>();
    for (const [key, b] of buckets) {
      const [label, shape] = key.split('\t') as [string, string | undefined];
      let g = groups.get(label);
      if (!g) groups.set(label, (g = { total: { ms: 0, calls: 0, flops: 0 }, shapes: [] }));
      g.total.ms += b.ms;
      g.total.calls += b.calls;
      g.total.flops += b.flops;
      if (shape !== undefined) g.shapes.push([shape, b]);
    }
    const row = (name: string, b: Bucket): void =>
      say(
        `| ${name} | ${fmt(b.ms / steps, 3)} | ${fmt((100 * b.ms) / wall, 1)}% | ${fmt(b.calls / steps, 0)} | ${
          b.flops ? fmt(b.flops / b.ms / 1e6, 1) : ''
        } |`,
      );
    say(`| where (GEMM shapes m·n·k; conv per layer) | ms/step | share | calls/step | GFLOP/s |`);
    say(`|---|---:|---:|---:|---:|`);
    for (const [label, g] of [...groups.entries()].sort((a, b) => b[1].total.ms - a[1].total.ms)) {
      row(label, g.total);
      if (g.shapes.length > 1 || (g.shapes.length === 1 && g.total.flops > 0))
        for (const [shape, b] of g.shapes.sort((a, b) => b[1].ms - a[1].ms)) row(`  ↳ ${shape}`, b);
    }
    const glue = wall - kernels - gc;
    say(`| GC pauses (V8) | ${fmt(gc / steps, 3)} | ${fmt((100 * gc) / wall, 1)}% | | |`);
    say(
      `| JS glue (autograd, tensors, checks, staging copies) | ${fmt(glue / steps, 3)} | ${fmt((100 * glue) / wall, 1)}% | | |`,
    );
    say(`| **step (wall)** | **${fmt(wall / steps, 3)}** | 100% | | |`);
    return wall / steps;
  } finally {
    t.close();
  }
}

// ---- CPU profile ----

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The folder a JS function lives in (src/autograd, node:internal, …). */
function where(url: string): string {
  if (url.startsWith('wasm://')) return 'WASM';
  if (url === '') return 'V8 / native';
  const m = /\/(src|bench|node_modules)\/([^/]+)/.exec(url);
  if (m) return m[1] === 'node_modules' ? `node_modules/${m[2]}` : `${m[1]}/${m[2]}`;
  return url.startsWith('node:') ? 'node:internal' : 'other JS';
}

async function cpuProfile(c: Case): Promise<void> {
  const t = c.trainer();
  const session = new Session();
  session.connect();
  try {
    for (let i = 0; i < 5; i++) t.step();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
    for (let i = 0; i < steps; i++) t.step();
    const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map<string, number>();
    const folder = new Map<string, number>();
    let total = 0;
    profile.samples.forEach((id, i) => {
      const dt = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
      const f = byId.get(id)!.callFrame;
      const w = where(f.url);
      const name = f.url.startsWith('wasm://') ? `wasm ${f.functionName}` : f.functionName || '(anonymous)';
      const key = w === 'WASM' || w === 'V8 / native' ? name : `${name} (${w})`;
      self.set(key, (self.get(key) ?? 0) + dt);
      const group = w !== 'V8 / native' ? w : name.startsWith('(') ? name : `V8 builtin ${name}`;
      folder.set(group, (folder.get(group) ?? 0) + dt);
      total += dt;
    });
    say(`Self time by place (${fmt(total / steps, 2)} ms/step sampled):`);
    say('');
    say('| place | ms/step | share |');
    say('|---|---:|---:|');
    for (const [k, ms] of [...folder.entries()].sort((a, b) => b[1] - a[1]))
      say(`| ${k} | ${fmt(ms / steps, 3)} | ${fmt((100 * ms) / total, 1)}% |`);
    say('');
    say('Top functions by self time:');
    say('');
    say('| function | ms/step | share |');
    say('|---|---:|---:|');
    for (const [k, ms] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 18))
      say(`| ${k} | ${fmt(ms / steps, 3)} | ${fmt((100 * ms) / total, 1)}% |`);
  } finally {
    await session.post('Profiler.disable').catch(() => undefined);
    session.disconnect();
    t.close();
  }
}

const rt = actlab.wasmBackend().runtime;
say(`# Training-step profile (bench/profile.ts)`);
say('');
say(
  `wasm build ${rt.simd}, ${threads} thread(s), ${steps} steps per view, Node ${process.version}; load average before ${load()}`,
);
// Exactly `threads` threads: the caller and threads − 1 helpers (withThreads takes a sync body).
if (threads > 1) await rt.enableThreads(threads - 1);
else if (rt.threads > 0) await rt.disableThreads();
try {
  for (const key of cases) {
    const c = CASES[key]!;
    say('');
    say(`## ${c.name}`);
    say('');
    const ms = await kernelTable(c);
    say('');
    say(
      `${fmt(1000 / ms, 1)} steps/s, ${fmt((1000 / ms) * (key === 'mlp' ? TRAIN.batch : CNN.batch), 0)} samples/s with the timers on`,
    );
    if (cpuProf) {
      say('');
      await cpuProfile(c);
    }
  }
} finally {
  if (rt.threads > 0) await rt.disableThreads();
}
say('');
say(`load average after ${load()}`);
if (mdFile) writeFileSync(mdFile, out.join('\n') + '\n');
