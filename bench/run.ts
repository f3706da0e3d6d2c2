/**
 * `npm run bench`: actlab and its peers side by side, on the same inputs, in one run.
 *
 *   npm run bench                       full run (~20–30 min on the 2-core machine)
 *   npm run bench -- --quick            a reduced set, under 3 minutes
 *   npm run bench -- --json out.json    every figure as {suite, op, pass, engine, n, unit, value}
 *   npm run bench -- --md report.md     the tables, target checks and machine as markdown
 *   npm run bench -- --only gemm,train  some suites (activations, softmax, gemm, train, siren)
 *   npm run bench -- --no-2^24          activations at N = 2^20 only (the targets' size)
 *   npm run bench -- --no-tfjs          without the TF.js columns
 *   npm run bench -- --help             this text
 *
 * Engines: actlab (wasm backend, 1 thread; `actlab-2t`: 2 threads, for GEMM and training;
 * `actlab-exact`: the exact-gradient mode), the memory floor (Float32Array.prototype.set), TF.js
 * 4.22 `cpu` and `wasm` (1 thread), onnxruntime-node (forward only, 1 thread; `ort-2t`: its MLAS GEMMs
 * on 2 intra-op threads, the native path's figure) and PyTorch through
 * /usr/bin/python3 (`torch`: 1 thread; `torch-2t`: 2 threads, for GEMM and training; skipped with
 * a note when absent). PyTorch should run on OpenBLAS (scripts/setup-bench.sh): the header names
 * its BLAS and warns when it is the reference one. The GEMM suite measures the WASM multiply-add
 * peak first; the train suite adds the small CNN and a PGD-10 attack loop (cases.ts). `backward`
 * figures are forward + backward, what a training step pays. Each figure is the fastest batch of
 * calls (see lib/measure.ts): other processes share this machine.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import * as actlab from './engines/actlab.js';
import * as ortEngine from './engines/ort.js';
import * as tfEngine from './engines/tfjs.js';
import { blasInfo, runTorch, torchProblem, torchVersion, type TorchTask } from './engines/torch.js';
import {
  ACTIVATIONS,
  ATTACK,
  CNN,
  GEMMS,
  GEMM_SEQUENCES,
  QUICK_ACTIVATIONS,
  QUICK_GEMMS,
  QUICK_TRAIN,
  TRAIN,
  type ActivationCase,
  type GemmProduct,
} from './cases.js';
import { backendInfo, init } from '../src/index.js';
import { APPROXIMATE_GRADIENT_IDS } from '../src/backend/wasm/backend.js';
import { wasmFilePath } from '../src/backend/wasm/runtime.js';
import { formatN, formatTable, markdown, type BenchRecord, type Pass } from './lib/measure.js';
import { cnnInputs, gaussian, mlpInputs } from './lib/inputs.js';
import { sirenSuite } from './siren.js';

const ENGINES = [
  'actlab',
  'actlab-2t',
  'actlab-exact',
  'floor',
  'tfjs-cpu',
  'tfjs-wasm',
  'ort',
  'ort-2t',
  'torch',
  'torch-2t',
];
/** PyTorch runs GEMM and training at 1 and 2 threads (the machine's cores), activations at 1. */
const TORCH_THREADS = [1, 2];
const PEAK_FUSED = 'WASM multiply-add peak, fused (registers)';
const PEAK_UNFUSED = 'WASM multiply-add peak, mul+add (registers)';
const CNN_NAME = `conv3×3·${CNN.channels[0]}-pool-conv3×3·${CNN.channels[1]}-pool-${CNN.hidden}-${CNN.classes}`;
const SUITES = ['activations', 'softmax', 'gemm', 'train', 'siren'] as const;

// ---- arguments ----
const argv = process.argv.slice(2);
const flag = (name: string): boolean => argv.includes(name);
const option = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
// Unknown words stop the run before it starts (a typo'd flag would otherwise cost a 20-minute run).
function usageError(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}
const FLAGS = ['--quick', '--no-2^24', '--no-tfjs', '--help', '-h'];
const VALUE_OPTIONS = ['--only', '--json', '--md'];
if (flag('--help') || flag('-h')) {
  const usage = readFileSync(new URL(import.meta.url), 'utf8').match(/\/\*\*\n([\s\S]*?)\*\//)?.[1] ?? '';
  process.stdout.write(`${usage.replace(/^ \* ?/gm, '')}`);
  process.exit(0);
}
for (let i = 0; i < argv.length; i++) {
  const word = argv[i]!;
  if (VALUE_OPTIONS.includes(word)) {
    if (argv[i + 1] === undefined || argv[i + 1]!.startsWith('--')) usageError(`${word} needs a value`);
    i++;
  } else if (!FLAGS.includes(word)) {
    usageError(`unknown argument ${word} (flags: ${[...FLAGS, ...VALUE_OPTIONS].join(' ')}; --help)`);
  }
}
const quick = flag('--quick');
/** --no-2^24: activations at N = 2^20 only (the 2^24 pass takes most of a run on a loaded machine). */
const only20 = flag('--no-2^24');
const only = option('--only')?.split(',');
for (const s of only ?? []) {
  if (!(SUITES as readonly string[]).includes(s)) usageError(`unknown suite ${s} (expected ${SUITES.join(', ')})`);
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

// ---- inputs: the same values for every engine (bench/lib/inputs.ts) ----
const dataDir = mkdtempSync(join(tmpdir(), 'actlab-bench-'));
function file(name: string, data: Float32Array | Int32Array): string {
  const path = join(dataDir, name);
  writeFileSync(path, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return path;
}

// ---- peers ----
/** --no-tfjs: leave TF.js out (its cpu GEMM takes ~10 s per 1024³ call). */
const tf = flag('--no-tfjs') ? null : await tfEngine.loadTf();
if (!tf && !flag('--no-tfjs')) note('TF.js is not installed: its columns are empty');
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
/** PyTorch on `threads` threads: engine `torch` (1) or `torch-2t` (2). */
function torchResults(
  tasks: { task: TorchTask; rec: Omit<BenchRecord, 'value' | 'engine'>; perCall: number }[],
  time = minTime,
  threads = 1,
): void {
  if (torchMissing) return;
  const engine = threads === 1 ? 'torch' : `torch-${threads}t`;
  const results = runTorch(
    tasks.map((t) => t.task),
    time,
    threads,
  );
  results.forEach((r, i) => {
    const t = tasks[i]!;
    if (r.seconds !== undefined) record({ ...t.rec, engine }, r.seconds, t.perCall);
    else note(`${engine} ${t.rec.op} ${t.rec.pass}: ${r.error}`);
  });
}

// ---- suites ----
async function activationsSuite(): Promise<void> {
  const cases = quick ? ACTIVATIONS.filter((c) => QUICK_ACTIVATIONS.includes(c.name)) : ACTIVATIONS;
  const sizes = quick || only20 ? [2 ** 20] : [2 ** 20, 2 ** 24];
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
  const peak = actlab.maddPeak(quick ? 50 : 200);
  const peakRec = { suite: 'gemm', pass: 'forward' as const, n: 0, unit: 'GFLOP/s' };
  records.push({ ...peakRec, op: PEAK_FUSED, engine: 'actlab', value: peak.fused });
  records.push({ ...peakRec, op: PEAK_UNFUSED, engine: 'actlab', value: peak.unfused });
  log(`  WASM-SIMD multiply-add peak: ${peak.fused.toFixed(1)} GFLOP/s fused, ${peak.unfused.toFixed(1)} unfused`);
  const rec = (g: (typeof GEMMS)[number]) => ({
    suite: 'gemm',
    op: g.name,
    pass: 'forward' as const,
    n: g.m * g.n * g.k,
    unit: 'GFLOP/s',
  });
  const flops = (g: GemmProduct): number => (2 * g.m * g.n * g.k) / 1e9;
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
  // onnxruntime's MLAS on 1 and 2 intra-op threads: the native GEMM a Node addon would get.
  if (ort) {
    for (const threads of [1, 2]) {
      const engine = threads === 1 ? 'ort' : 'ort-2t';
      for (const g of cases)
        await attemptAsync(`${engine} ${g.name}`, async () =>
          record({ ...rec(g), engine }, await ortEngine.gemm(ort, g, minTime, threads), flops(g)),
        );
    }
  }
  // The GEMMs of one training step back to back (cases.ts GEMM_SEQUENCES).
  const sequences = quick ? [] : GEMM_SEQUENCES;
  const seqRec = (s: (typeof GEMM_SEQUENCES)[number]) => ({
    suite: 'gemm',
    op: s.name,
    pass: 'forward' as const,
    n: s.products.reduce((t, g) => t + g.m * g.n * g.k, 0),
    unit: 'GFLOP/s',
  });
  const seqFlops = (s: (typeof GEMM_SEQUENCES)[number]): number => s.products.reduce((t, g) => t + flops(g), 0);
  for (const s of sequences) {
    for (const threads of [1, 2]) {
      const engine = threads === 1 ? 'actlab' : 'actlab-2t';
      await attemptAsync(`${engine} ${s.name}`, async () =>
        record({ ...seqRec(s), engine }, await actlab.gemmSequence(s.products, threads, minTime), seqFlops(s)),
      );
      if (ort) {
        const oe = threads === 1 ? 'ort' : 'ort-2t';
        await attemptAsync(`${oe} ${s.name}`, async () =>
          record(
            { ...seqRec(s), engine: oe },
            await ortEngine.gemmSequence(ort, s.products, minTime, threads),
            seqFlops(s),
          ),
        );
      }
    }
  }
  for (const threads of TORCH_THREADS) {
    torchResults(
      [
        ...cases.map((g) => ({
          task: { kind: 'gemm' as const, m: g.m, n: g.n, k: g.k, transA: g.transA, transB: g.transB },
          rec: rec(g),
          perCall: flops(g),
        })),
        ...sequences.map((s) => ({
          task: { kind: 'gemm_seq' as const, products: s.products },
          rec: seqRec(s),
          perCall: seqFlops(s),
        })),
      ],
      minTime,
      threads,
    );
  }
}

async function trainSuite(): Promise<void> {
  const acts = quick ? TRAIN.activations.filter((a) => QUICK_TRAIN.includes(a)) : TRAIN.activations;
  const batches = 8;
  const { sizes, batch } = TRAIN;
  log(`training MLP ${sizes.join('-')}, batch ${batch}, Adam`);
  const { xs, ys } = mlpInputs(batches);
  const time = quick ? 0.6 : 2;
  const rec = (act: string) => ({
    suite: 'train',
    op: `mlp ${sizes.join('-')} ${act}`,
    pass: 'train' as const,
    n: batch,
    unit: 'samples/s',
  });
  for (const threads of [1, 2]) {
    for (const act of acts)
      await attemptAsync(`actlab train ${act} (${threads} threads)`, async () =>
        record(
          { ...rec(act), engine: threads === 1 ? 'actlab' : 'actlab-2t' },
          await actlab.withThreads(threads, () => actlab.trainStep(act, xs, ys, batches, time)),
          batch,
        ),
      );
  }
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
  for (const threads of TORCH_THREADS) {
    torchResults(
      acts.map((act) => ({
        task: { kind: 'train' as const, act, sizes, batch, lr: TRAIN.lr, batches, x: fx, y: fy },
        rec: rec(act),
        perCall: batch,
      })),
      time,
      threads,
    );
  }
  await cnnSuite(time);
}

/** The small CNN's training step and the PGD-10 attack loop through it (cases.ts CNN, ATTACK). */
async function cnnSuite(time: number): Promise<void> {
  const batches = 4;
  const image = CNN.input.reduce((p, d) => p * d, 1);
  log(`training CNN ${CNN_NAME}, batch ${CNN.batch}, Adam; PGD-${ATTACK.steps} on ${ATTACK.batch}`);
  const { xs, ys } = cnnInputs(batches);
  const xa = gaussian(ATTACK.batch * image, 8, 0.25).map((v) => Math.min(1, Math.max(0, v + 0.5)));
  const ya = Int32Array.from({ length: ATTACK.batch }, (_, i) => (i * 3 + 1) % CNN.classes);
  const trainRec = { suite: 'train', op: `cnn ${CNN_NAME}`, pass: 'train' as const, n: CNN.batch, unit: 'samples/s' };
  const attackRec = {
    suite: 'train',
    op: `pgd-${ATTACK.steps} through the cnn`,
    pass: 'backward' as const,
    n: ATTACK.batch,
    unit: 'samples/s',
  };
  for (const threads of [1, 2]) {
    const engine = threads === 1 ? 'actlab' : 'actlab-2t';
    await attemptAsync(`actlab cnn (${threads} threads)`, async () =>
      record(
        { ...trainRec, engine },
        await actlab.withThreads(threads, () => actlab.cnnTrainStep(xs, ys, batches, time)),
        CNN.batch,
      ),
    );
    await attemptAsync(`actlab pgd (${threads} threads)`, async () =>
      record({ ...attackRec, engine }, await actlab.withThreads(threads, () => actlab.pgd(xa, ya, time)), ATTACK.batch),
    );
  }
  const shape = { input: [...CNN.input], channels: CNN.channels, hidden: CNN.hidden, classes: CNN.classes };
  const fx = file('cx.f32', xs);
  const fy = file('cy.i32', ys);
  const fxa = file('ax.f32', xa);
  const fya = file('ay.i32', ya);
  for (const threads of TORCH_THREADS) {
    torchResults(
      [
        {
          task: { kind: 'cnn', ...shape, batch: CNN.batch, lr: CNN.lr, batches, x: fx, y: fy },
          rec: trainRec,
          perCall: CNN.batch,
        },
        { task: { kind: 'pgd', ...shape, ...ATTACK, x: fxa, y: fya }, rec: attackRec, perCall: ATTACK.batch },
      ],
      time,
      threads,
    );
  }
}

// ---- targets ----
interface Check {
  what: string;
  criterion: string;
  ratio: number;
  need: number;
  /** The issue that set it. */
  issue: number;
}
const at = (suite: string, op: string, pass: Pass, engine: string, n?: number): number | undefined =>
  records.find(
    (r) => r.suite === suite && r.op === op && r.pass === pass && r.engine === engine && (n === undefined || r.n === n),
  )?.value;

function targets(): Check[] {
  const checks: Check[] = [];
  let issue = 6;
  const add = (
    what: string,
    criterion: string,
    mine: number | undefined,
    theirs: number | undefined,
    need: number,
  ): void => {
    if (mine !== undefined && theirs !== undefined) checks.push({ what, criterion, ratio: mine / theirs, need, issue });
  };
  const passName = (pass: Pass): string => (pass === 'forward' ? 'fwd' : 'fwd+bwd');
  // Issue #6: every activation against TF.js-wasm, PyTorch and (piecewise) the memory floor.
  const n = 2 ** 20;
  const floorValue = at('activations', 'memory floor (set)', 'forward', 'floor', n);
  for (const c of ACTIVATIONS) {
    for (const pass of ['forward', 'backward'] as const) {
      const mine = at('activations', c.name, pass, 'actlab', n);
      const what = `${c.name} ${passName(pass)} 2^20`;
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
      const what = `${op} ${passName(pass)}`;
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
    add(
      `train ${act}`,
      '≥ 1.5× tfjs-wasm',
      at('train', op, 'train', 'actlab'),
      at('train', op, 'train', 'tfjs-wasm'),
      1.5,
    );
  }

  // Issue #15: GEMM against the WASM peak and the second thread, training against PyTorch with
  // OpenBLAS, and the slow activations against PyTorch and TF.js-wasm.
  issue = 15;
  const peak = at('gemm', PEAK_FUSED, 'forward', 'actlab') ?? at('gemm', PEAK_UNFUSED, 'forward', 'actlab');
  for (const g of GEMMS) {
    const mine = at('gemm', g.name, 'forward', 'actlab');
    add(`gemm ${g.name}`, '≥ 70% of the WASM peak (1 thread)', mine, peak, 0.7);
    if (g.large)
      add(`gemm ${g.name}`, '≥ 1.8× from the 2nd thread', at('gemm', g.name, 'forward', 'actlab-2t'), mine, 1.8);
  }
  const trainOps = [...TRAIN.activations.map((act) => `mlp ${TRAIN.sizes.join('-')} ${act}`), `cnn ${CNN_NAME}`];
  for (const op of trainOps) {
    const torch1 = at('train', op, 'train', 'torch');
    add(`train ${op}`, '2 threads ≥ 1× torch 1 thread', at('train', op, 'train', 'actlab-2t'), torch1, 1);
    add(`train ${op}`, '1 thread ≥ 0.6× torch 1 thread', at('train', op, 'train', 'actlab'), torch1, 0.6);
  }
  const actTarget = (name: string, pass: Pass, need: number, tfNeed?: number): void => {
    const what = `${name} ${passName(pass)} 2^20`;
    const mine = at('activations', name, pass, 'actlab', n);
    add(what, `≥ ${need}× torch`, mine, at('activations', name, pass, 'torch', n), need);
    if (tfNeed) add(what, `≥ ${tfNeed}× tfjs-wasm`, mine, at('activations', name, pass, 'tfjs-wasm', n), tfNeed);
  };
  for (const pass of ['forward', 'backward'] as const) actTarget('gelu', pass, 0.5);
  for (const pass of ['forward', 'backward'] as const) actTarget('silu', pass, 0.8, 1);
  actTarget('sigmoid', 'backward', 0.8, 1);
  for (const pass of ['forward', 'backward'] as const) actTarget('softplus', pass, 0.8, 1);
  for (const pass of ['forward', 'backward'] as const) {
    const op = 'softmax rows of 1024';
    const what = `${op} ${passName(pass)}`;
    add(what, '≥ 0.8× torch', at('softmax', op, pass, 'actlab'), at('softmax', op, pass, 'torch'), 0.8);
    add(what, '≥ 1× tfjs-wasm', at('softmax', op, pass, 'actlab'), at('softmax', op, pass, 'tfjs-wasm'), 1);
  }

  const siren = (e: string): number | undefined => records.find((r) => r.suite === 'siren' && r.engine === e)?.value;
  add('siren fit step', '≥ 1× torch 1 thread, actlab on 2 threads', siren('actlab-2t'), siren('torch'), 1);
  return checks;
}

/** Side-by-side figures without a target: the attack loop and PyTorch's own second thread. */
function comparisons(): string[][] {
  const rows: string[][] = [
    ['figure', 'actlab', 'actlab-2t', 'torch', 'torch-2t', 'actlab ÷ torch', 'actlab-2t ÷ torch'],
  ];
  const fmt = (v: number | undefined): string => (v === undefined ? '—' : v >= 100 ? v.toFixed(0) : v.toFixed(1));
  const ratio = (a: number | undefined, b: number | undefined): string =>
    a === undefined || b === undefined ? '—' : `${(a / b).toFixed(2)}×`;
  const seen = new Set<string>();
  for (const r of records) {
    if (!(r.suite === 'train' || (r.suite === 'gemm' && r.n > 0))) continue;
    const key = `${r.suite}|${r.op}|${r.pass}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const v = (e: string): number | undefined => at(r.suite, r.op, r.pass, e);
    rows.push([
      `${r.op} (${r.unit})`,
      fmt(v('actlab')),
      fmt(v('actlab-2t')),
      fmt(v('torch')),
      fmt(v('torch-2t')),
      ratio(v('actlab'), v('torch')),
      ratio(v('actlab-2t'), v('torch')),
    ]);
  }
  return rows;
}

// ---- run ----
const blas = torchMissing ? null : blasInfo();
/** PyTorch's BLAS, and a loud warning when it is the reference one (issue #15: a crippled anchor). */
function blasLines(): string[] {
  if (torchMissing) return [];
  if (!blas) return ['PyTorch BLAS: unknown (bench/torch_bench.py --info failed)'];
  const lines = [
    `PyTorch BLAS: ${blas.build}; libblas.so.3 → ${blas.libblas ?? '—'}; loaded: ${blas.loaded.join(', ') || '—'}`,
  ];
  if (blas.reference) {
    lines.push(
      'WARNING: PyTorch runs the REFERENCE (netlib) BLAS: its GEMM and training figures are ~10× too slow and every ' +
        'ratio against them flatters actlab. Install an optimized BLAS first: sudo scripts/setup-bench.sh ' +
        '(apt-get install libopenblas0-pthread).',
    );
  }
  return lines;
}

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
    ...blasLines(),
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
const checkTable = (issue: number): string => {
  const mine = checks.filter((c) => c.issue === issue);
  const met = mine.filter((c) => c.ratio >= c.need).length;
  return `${met} of ${mine.length} met.\n\n${markdown([
    ['target', 'criterion', 'ratio', 'met'],
    ...mine.map((c) => [
      c.what,
      c.criterion,
      `${c.ratio.toFixed(2)}×`,
      c.ratio >= c.need ? 'yes' : `no (${((c.ratio / c.need) * 100).toFixed(0)}% of it)`,
    ]),
  ])}`;
};
const compareTable = markdown(comparisons());
const header = [
  ...machine(),
  `Run ${started.toISOString()}, ${seconds.toFixed(0)} s${quick ? ' (--quick)' : ''}; load average before ${loadBefore.map((v) => v.toFixed(2)).join(' ')}, after ${loadAfter.map((v) => v.toFixed(2)).join(' ')}`,
];
const sections = [
  table,
  `### GEMM and training against PyTorch at 1 and 2 threads\n\n${compareTable}`,
  `### Targets of issue #15 (GEMM, training, slow activations)\n\n${checkTable(15)}`,
  `### Targets of issue #6 (activations)\n\n${checkTable(6)}`,
];
const notesText = notes.length ? `\n\nNotes:\n${notes.map((n) => `- ${n}`).join('\n')}` : '';
console.log(`${header.join('\n')}\n\n${sections.join('\n\n')}${notesText}`);
if (blas?.reference) log(`\n${blasLines().at(-1)}`);
const json = option('--json');
if (json) writeFileSync(json, `${JSON.stringify(records, null, 1)}\n`);
const md = option('--md');
if (md) writeFileSync(md, `${header.map((h) => `- ${h}`).join('\n')}\n\n${sections.join('\n\n')}\n${notesText}\n`);
