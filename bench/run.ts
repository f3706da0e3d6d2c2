/**
 * `npm run bench`: actlab and its peers side by side, on the same inputs, in one run.
 *
 *   npm run bench                       full run (~20–30 min on the 2-core machine)
 *   npm run bench -- --quick            a reduced set, under 3 minutes
 *   npm run bench -- --json out.json    every figure as {suite, op, pass, engine, n, unit, value}
 *   npm run bench -- --md report.md     the tables, target checks and machine as markdown
 *   npm run bench -- --only gemm,train  some suites (activations, softmax, gemm, train, siren)
 *
 * Engines: actlab (wasm backend, 1 thread; `actlab-2t`: GEMM split over 2 threads; `actlab-exact`:
 * the exact-gradient mode), the memory floor (Float32Array.prototype.set), TF.js 4.22 `cpu` and
 * `wasm` (1 thread), onnxruntime-node (forward only, 1 thread) and PyTorch through
 * /usr/bin/python3 (1 thread; skipped with a note when absent). `backward` figures are forward +
 * backward, what a training step pays. Each figure is the fastest batch of calls (see
 * lib/measure.ts): other processes share this machine.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import * as actlab from './engines/actlab.js';
import * as ortEngine from './engines/ort.js';
import * as tfEngine from './engines/tfjs.js';
import { runTorch, torchProblem, torchVersion, type TorchTask } from './engines/torch.js';
import {
  ACTIVATIONS,
  GEMMS,
  QUICK_ACTIVATIONS,
  QUICK_GEMMS,
  QUICK_TRAIN,
  TRAIN,
  type ActivationCase,
} from './cases.js';
import { backendInfo, init } from '../src/index.js';
import { APPROXIMATE_GRADIENT_IDS } from '../src/backend/wasm/backend.js';
import { wasmFilePath } from '../src/backend/wasm/runtime.js';
import { formatN, formatTable, markdown, type BenchRecord, type Pass } from './lib/measure.js';
import { sirenSuite } from './siren.js';

const ENGINES = ['actlab', 'actlab-2t', 'actlab-exact', 'floor', 'tfjs-cpu', 'tfjs-wasm', 'ort', 'torch', 'torch-2t'];
const SUITES = ['activations', 'softmax', 'gemm', 'train', 'siren'] as const;

// ---- arguments ----
const argv = process.argv.slice(2);
const flag = (name: string): boolean => argv.includes(name);
const option = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const quick = flag('--quick');
const only = option('--only')?.split(',');
for (const s of only ?? []) {
  if (!(SUITES as readonly string[]).includes(s))
    throw new RangeError(`bench: unknown suite ${s} (expected ${SUITES.join(', ')})`);
}
const suites = SUITES.filter((s) => !only || only.includes(s));
const minTime = quick ? 0.15 : 0.5;

const records: BenchRecord[] = [];
const notes: string[] = [];
const log = (s: string): void => void process.stderr.write(`${s}\n`);
function record(r: Omit<BenchRecord, 'value'>, seconds: number, perCall: number): void {
  records.push({ ...r, value: perCall / seconds });
}
function note(s: string): void {
  if (!notes.includes(s)) notes.push(s);
  log(`  note: ${s}`);
}

// ---- inputs: the same values for every engine ----
function gaussian(n: number, seed: number, scale: number): Float32Array {
  let s = seed >>> 0;
  const u = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(u()));
    const a = 2 * Math.PI * u();
    out[i] = scale * r * Math.cos(a);
    if (i + 1 < n) out[i + 1] = scale * r * Math.sin(a);
  }
  return out;
}
const dataDir = mkdtempSync(join(tmpdir(), 'actlab-bench-'));
function file(name: string, data: Float32Array | Int32Array): string {
  const path = join(dataDir, name);
  writeFileSync(path, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return path;
}

// ---- peers ----
const tf = await tfEngine.loadTf();
if (!tf) note('TF.js is not installed: its columns are empty');
const ort = await ortEngine.loadOrt();
if (!ort) note('onnxruntime-node is not installed: its column is empty');
const torchMissing = torchProblem();
if (torchMissing) note(`PyTorch skipped: ${torchMissing}`);
const tfBackends = tf ? (['cpu', 'wasm'] as const) : [];

function attempt(what: string, fn: () => void): void {
  try {
    fn();
  } catch (e) {
    note(`${what}: ${(e as Error).message.split('\n')[0]}`);
  }
}
async function attemptAsync(what: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    note(`${what}: ${(e as Error).message.split('\n')[0]}`);
  }
}
function torchResults(
  tasks: { task: TorchTask; rec: Omit<BenchRecord, 'value' | 'engine'>; perCall: number }[],
  time = minTime,
): void {
  if (torchMissing) return;
  const results = runTorch(
    tasks.map((t) => t.task),
    time,
  );
  results.forEach((r, i) => {
    const t = tasks[i]!;
    if (r.seconds !== undefined) record({ ...t.rec, engine: 'torch' }, r.seconds, t.perCall);
    else note(`torch ${t.rec.op} ${t.rec.pass}: ${r.error}`);
  });
}

// ---- suites ----
async function activationsSuite(): Promise<void> {
  const cases = quick ? ACTIVATIONS.filter((c) => QUICK_ACTIVATIONS.includes(c.name)) : ACTIVATIONS;
  const sizes = quick ? [2 ** 20] : [2 ** 20, 2 ** 24];
  for (const n of sizes) {
    log(`activations, N = ${formatN(n)}`);
    const xs = gaussian(n, 1, 3);
    const gys = gaussian(n, 2, 1);
    const mt = n > 2 ** 20 ? minTime * 0.6 : minTime;
    const rec = (c: ActivationCase, pass: Pass) => ({ suite: 'activations', op: c.name, pass, n, unit: 'M elem/s' });
    record(
      { suite: 'activations', op: 'memory floor (set)', pass: 'forward', n, unit: 'M elem/s', engine: 'floor' },
      actlab.floor(xs, mt),
      n / 1e6,
    );
    for (const c of cases) {
      for (const pass of ['forward', 'backward'] as const) {
        attempt(`actlab ${c.name} ${pass}`, () =>
          record({ ...rec(c, pass), engine: 'actlab' }, actlab.activation(c, xs, gys, pass, mt), n / 1e6),
        );
      }
      if (APPROXIMATE_GRADIENT_IDS.includes(c.id) && n <= 2 ** 20) {
        const be = actlab.wasmBackend();
        be.gradients = 'exact';
        attempt(`actlab-exact ${c.name}`, () =>
          record(
            { ...rec(c, 'backward'), engine: 'actlab-exact' },
            actlab.activation(c, xs, gys, 'backward', mt),
            n / 1e6,
          ),
        );
        be.gradients = 'fast';
      }
    }
    for (const b of tfBackends) {
      await tfEngine.useBackend(tf!, b);
      for (const c of cases) {
        for (const pass of ['forward', 'backward'] as const) {
          attempt(`tfjs-${b} ${c.name} ${pass}`, () =>
            record({ ...rec(c, pass), engine: `tfjs-${b}` }, tfEngine.activation(tf!, c, xs, gys, pass, mt), n / 1e6),
          );
        }
      }
    }
    if (ort) {
      for (const c of cases) {
        await attemptAsync(`ort ${c.name}`, async () =>
          record({ ...rec(c, 'forward'), engine: 'ort' }, await ortEngine.activation(ort, c, xs, mt), n / 1e6),
        );
      }
    }
    const fx = file(`x${n}.f32`, xs);
    const fg = file(`gy${n}.f32`, gys);
    torchResults(
      cases.flatMap((c) =>
        (['forward', 'backward'] as const).map((pass) => ({
          task: { kind: 'act' as const, expr: c.torch, n, pass, x: fx, gy: fg },
          rec: rec(c, pass),
          perCall: n / 1e6,
        })),
      ),
      mt,
    );
  }
}

async function softmaxSuite(): Promise<void> {
  const rows = 1024,
    cols = 1024,
    n = rows * cols;
  log('softmax rows of 1024');
  const xs = gaussian(n, 3, 3);
  const gys = gaussian(n, 4, 1);
  const names = quick ? (['softmax'] as const) : (['softmax', 'log_softmax'] as const);
  const rec = (name: string, pass: Pass) => ({
    suite: 'softmax',
    op: `${name} rows of ${cols}`,
    pass,
    n,
    unit: 'M elem/s',
  });
  for (const name of names) {
    for (const pass of ['forward', 'backward'] as const) {
      attempt(`actlab ${name}`, () =>
        record(
          { ...rec(name, pass), engine: 'actlab' },
          actlab.softmax(name, xs, gys, rows, cols, pass, minTime),
          n / 1e6,
        ),
      );
    }
    const be = actlab.wasmBackend();
    be.gradients = 'exact';
    attempt(`actlab-exact ${name}`, () =>
      record(
        { ...rec(name, 'backward'), engine: 'actlab-exact' },
        actlab.softmax(name, xs, gys, rows, cols, 'backward', minTime),
        n / 1e6,
      ),
    );
    be.gradients = 'fast';
  }
  for (const b of tfBackends) {
    await tfEngine.useBackend(tf!, b);
    for (const name of names) {
      for (const pass of ['forward', 'backward'] as const) {
        attempt(`tfjs-${b} ${name}`, () =>
          record(
            { ...rec(name, pass), engine: `tfjs-${b}` },
            tfEngine.softmax(tf!, name, xs, gys, rows, cols, pass, minTime),
            n / 1e6,
          ),
        );
      }
    }
  }
  if (ort) {
    for (const name of names) {
      await attemptAsync(`ort ${name}`, async () =>
        record(
          { ...rec(name, 'forward'), engine: 'ort' },
          await ortEngine.softmax(ort, name, xs, rows, cols, minTime),
          n / 1e6,
        ),
      );
    }
  }
  const fx = file('sx.f32', xs);
  const fg = file('sgy.f32', gys);
  torchResults(
    names.flatMap((name) =>
      (['forward', 'backward'] as const).map((pass) => ({
        task: { kind: 'softmax' as const, name, rows, cols, pass, x: fx, gy: fg },
        rec: rec(name, pass),
        perCall: n / 1e6,
      })),
    ),
  );
}

async function gemmSuite(): Promise<void> {
  const cases = quick ? GEMMS.filter((g) => QUICK_GEMMS.includes(g.name)) : GEMMS;
  log('GEMM');
  const rec = (g: (typeof GEMMS)[number]) => ({
    suite: 'gemm',
    op: g.name,
    pass: 'forward' as const,
    n: g.m * g.n * g.k,
    unit: 'GFLOP/s',
  });
  const flops = (g: (typeof GEMMS)[number]): number => (2 * g.m * g.n * g.k) / 1e9;
  for (const g of cases) {
    await attemptAsync(`actlab ${g.name}`, async () =>
      record({ ...rec(g), engine: 'actlab' }, await actlab.gemm(g, 1, minTime), flops(g)),
    );
    await attemptAsync(`actlab-2t ${g.name}`, async () =>
      record({ ...rec(g), engine: 'actlab-2t' }, await actlab.gemm(g, 2, minTime), flops(g)),
    );
  }
  for (const b of tfBackends) {
    await tfEngine.useBackend(tf!, b);
    for (const g of cases)
      attempt(`tfjs-${b} ${g.name}`, () =>
        record({ ...rec(g), engine: `tfjs-${b}` }, tfEngine.gemm(tf!, g, minTime), flops(g)),
      );
  }
  if (ort) {
    for (const g of cases)
      await attemptAsync(`ort ${g.name}`, async () =>
        record({ ...rec(g), engine: 'ort' }, await ortEngine.gemm(ort, g, minTime), flops(g)),
      );
  }
  torchResults(
    cases.map((g) => ({
      task: { kind: 'gemm' as const, m: g.m, n: g.n, k: g.k, transA: g.transA, transB: g.transB },
      rec: rec(g),
      perCall: flops(g),
    })),
  );
}

async function trainSuite(): Promise<void> {
  const acts = quick ? TRAIN.activations.filter((a) => QUICK_TRAIN.includes(a)) : TRAIN.activations;
  const batches = 8;
  const { sizes, batch } = TRAIN;
  log(`training MLP ${sizes.join('-')}, batch ${batch}, Adam`);
  const xs = gaussian(batches * batch * sizes[0]!, 5, 1);
  const ys = Int32Array.from({ length: batches * batch }, (_, i) => (i * 7 + 3) % sizes[sizes.length - 1]!);
  const time = quick ? 0.6 : 2;
  const rec = (act: string) => ({
    suite: 'train',
    op: `mlp ${sizes.join('-')} ${act}`,
    pass: 'train' as const,
    n: batch,
    unit: 'samples/s',
  });
  for (const act of acts)
    attempt(`actlab train ${act}`, () =>
      record({ ...rec(act), engine: 'actlab' }, actlab.trainStep(act, xs, ys, batches, time), batch),
    );
  for (const b of tfBackends) {
    await tfEngine.useBackend(tf!, b);
    for (const act of acts) {
      attempt(`tfjs-${b} train ${act}`, () =>
        record(
          { ...rec(act), engine: `tfjs-${b}` },
          tfEngine.trainStep(tf!, act, xs, ys, batches, b === 'cpu' ? time / 4 : time),
          batch,
        ),
      );
    }
  }
  const fx = file('tx.f32', xs);
  const fy = file('ty.i32', ys);
  torchResults(
    acts.map((act) => ({
      task: { kind: 'train' as const, act, sizes, batch, lr: TRAIN.lr, batches, x: fx, y: fy },
      rec: rec(act),
      perCall: batch,
    })),
    time,
  );
}

// ---- targets (issue #6) ----
interface Check {
  what: string;
  criterion: string;
  ratio: number;
  need: number;
}
function targets(): Check[] {
  const at = (suite: string, op: string, pass: Pass, engine: string, n?: number): number | undefined =>
    records.find(
      (r) =>
        r.suite === suite && r.op === op && r.pass === pass && r.engine === engine && (n === undefined || r.n === n),
    )?.value;
  const checks: Check[] = [];
  const add = (
    what: string,
    criterion: string,
    mine: number | undefined,
    theirs: number | undefined,
    need: number,
  ): void => {
    if (mine !== undefined && theirs !== undefined) checks.push({ what, criterion, ratio: mine / theirs, need });
  };
  const n = 2 ** 20;
  const floorValue = at('activations', 'memory floor (set)', 'forward', 'floor', n);
  for (const c of ACTIVATIONS) {
    for (const pass of ['forward', 'backward'] as const) {
      const mine = at('activations', c.name, pass, 'actlab', n);
      const what = `${c.name} ${pass === 'forward' ? 'fwd' : 'fwd+bwd'} 2^20`;
      add(
        what,
        c.tf.native ? '≥ 1× tfjs-wasm (native kernel)' : '≥ 3× tfjs-wasm (composed)',
        mine,
        at('activations', c.name, pass, 'tfjs-wasm', n),
        c.tf.native ? 1 : 3,
      );
      add(
        what,
        c.torchSlow ? '≥ 1× torch' : '≥ 0.5× torch',
        mine,
        at('activations', c.name, pass, 'torch', n),
        c.torchSlow ? 1 : 0.5,
      );
      if (c.piecewise && pass === 'forward') add(what, '≥ 0.8× memory floor', mine, floorValue, 0.8);
    }
  }
  for (const name of ['softmax', 'log_softmax']) {
    for (const pass of ['forward', 'backward'] as const) {
      const op = `${name} rows of 1024`;
      const what = `${op} ${pass === 'forward' ? 'fwd' : 'fwd+bwd'}`;
      add(
        what,
        '≥ 1× tfjs-wasm (native kernel)',
        at('softmax', op, pass, 'actlab'),
        at('softmax', op, pass, 'tfjs-wasm'),
        1,
      );
      add(what, '≥ 0.5× torch', at('softmax', op, pass, 'actlab'), at('softmax', op, pass, 'torch'), 0.5);
    }
  }
  for (const act of TRAIN.activations) {
    const op = `mlp ${TRAIN.sizes.join('-')} ${act}`;
    add(`train ${act}`, '≥ 1× torch', at('train', op, 'train', 'actlab'), at('train', op, 'train', 'torch'), 1);
    add(
      `train ${act}`,
      '≥ 1.5× tfjs-wasm',
      at('train', op, 'train', 'actlab'),
      at('train', op, 'train', 'tfjs-wasm'),
      1.5,
    );
  }
  const siren = (e: string): number | undefined => records.find((r) => r.suite === 'siren' && r.engine === e)?.value;
  add('siren fit step', '≥ 1× torch 1 thread, actlab on 2 threads', siren('actlab-2t'), siren('torch'), 1);
  return checks;
}

// ---- run ----
function machine(): string[] {
  const simd = actlab.wasmBackend().runtime.simd;
  let model = cpus()[0]?.model ?? 'unknown';
  try {
    model = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? model;
  } catch {
    // not Linux
  }
  const flags = (() => {
    try {
      const f = /flags\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '';
      return ['avx2', 'fma', 'avx512f'].filter((x) => f.split(' ').includes(x)).join(', ');
    } catch {
      return '';
    }
  })();
  return [
    `CPU: ${model} (${flags}), nproc ${cpus().length}`,
    `actlab WASM build: ${simd} (${basename(wasmFilePath(simd))}; ACTLAB_WASM_SIMD=baseline selects the other)`,
    `actlab backend: ${backendInfo().reason}`,
    `Node ${process.version}; TF.js ${tf?.version_core ?? '—'}; onnxruntime-node ${ort ? ort.env.versions.common : '—'}; PyTorch ${torchMissing ? `— (${torchMissing})` : torchVersion()}`,
  ];
}

// The `actlab` engine is the one-thread figure: no GEMM helper threads (the library's default is
// cores − 1) unless ACTLAB_WASM_THREADS asks for them; `actlab-2t` adds one for its cases.
await init(process.env.ACTLAB_WASM_THREADS === undefined ? { threads: 0 } : {});

const started = new Date();
const loadBefore = loadavg();
log(machine().join('\n'));
log(`load average ${loadBefore.map((v) => v.toFixed(2)).join(' ')}${quick ? ' (quick)' : ''}`);
try {
  for (const s of suites) {
    if (s === 'activations') await activationsSuite();
    if (s === 'softmax') await softmaxSuite();
    if (s === 'gemm') await gemmSuite();
    if (s === 'train') await trainSuite();
    if (s === 'siren') records.push(...(await sirenSuite(quick ? 0.5 : 2, note)));
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
const loadAfter = loadavg();
const seconds = (Date.now() - started.getTime()) / 1000;

const table = formatTable(records, ENGINES);
const checks = targets();
const checkTable = markdown([
  ['target', 'criterion', 'ratio', 'met'],
  ...checks.map((c) => [
    c.what,
    c.criterion,
    `${c.ratio.toFixed(2)}×`,
    c.ratio >= c.need ? 'yes' : `no (${((c.ratio / c.need) * 100).toFixed(0)}% of it)`,
  ]),
]);
const header = [
  ...machine(),
  `Run ${started.toISOString()}, ${seconds.toFixed(0)} s${quick ? ' (--quick)' : ''}; load average before ${loadBefore.map((v) => v.toFixed(2)).join(' ')}, after ${loadAfter.map((v) => v.toFixed(2)).join(' ')}`,
];
console.log(
  `${header.join('\n')}\n\n${table}\n\n${checkTable}${notes.length ? `\n\nNotes:\n${notes.map((n) => `- ${n}`).join('\n')}` : ''}`,
);
const json = option('--json');
if (json) writeFileSync(json, `${JSON.stringify(records, null, 1)}\n`);
const md = option('--md');
if (md) {
  writeFileSync(
    md,
    `${header.map((h) => `- ${h}`).join('\n')}\n\n${table}\n\n### Targets\n\n${checkTable}\n${notes.length ? `\nNotes:\n${notes.map((n) => `- ${n}`).join('\n')}\n` : ''}`,
  );
}
