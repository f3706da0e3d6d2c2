/**
 * Checkpoints of fit: a run interrupted (an exception thrown at some step, as a crash would) and
 * resumed from its last checkpoint in fresh objects ends bit-identical to a run that never
 * stopped — weights, optimizer state, scheduler, random generators, per-epoch losses — with Adam,
 * a cosine LR schedule, dropout and RReLU (random draws), BatchNorm buffers and shuffled batches;
 * with checkpoints every N steps (resuming mid-epoch) and every N epochs; on the js and the wasm
 * backends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDataset } from '../../src/data/registry.js';
import { DataLoader } from '../../src/data/loader.js';
import * as nn from '../../src/nn/index.js';
import * as optim from '../../src/optim/index.js';
import { activationModule } from '../../src/nn/activation.js';
import { defaultGenerator, Generator, manualSeed } from '../../src/tensor/random.js';
import { backendState, getBackend, registerBackend, setBackend } from '../../src/backend/registry.js';
import { createWasmBackend } from '../../src/backend/wasm/backend.js';
import { CheckpointError, decodeCheckpoint } from '../../src/io/checkpoint.js';
import { earlyStopping, fit, type Callback, type EpochLog, type FitOptions } from '../../src/train/index.js';
import { wasmRuntime } from '../backend/wasm/helpers.js';

const { train, test } = getDataset('moons', { n: 300, noise: 0.2, seed: 4 });
const EPOCHS = 5;
const act = (id: string): nn.Layer => new (activationModule(id))() as unknown as nn.Layer;

/** Every object of a run, built from scratch: `seed` only decides the (soon overwritten) init. */
function setup(seed: number) {
  manualSeed(seed);
  const model = new nn.Sequential(
    new nn.Linear(2, 24),
    new nn.BatchNorm1d(24),
    act('relu'),
    new nn.Dropout(0.2),
    new nn.Linear(24, 24),
    act('rrelu'), // draws its slopes from the default generator while training
    new nn.Linear(24, 2),
  );
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.02 });
  const scheduler = new optim.CosineAnnealingLR(optimizer, { tMax: EPOCHS, etaMin: 1e-3 });
  const stopper = earlyStopping({ monitor: 'valLoss', patience: 100 });
  return { model, optimizer, scheduler, stopper };
}

type Run = ReturnType<typeof setup>;
const options = (r: Run, extra: Partial<FitOptions> = {}): FitOptions => ({
  optimizer: r.optimizer,
  scheduler: r.scheduler,
  epochs: EPOCHS,
  batchSize: 16, // 240 training points: 15 batches per epoch
  seed: 3,
  validation: test,
  callbacks: [r.stopper],
  ...extra,
});

/** A callback that "crashes" the run when it reaches `step`. */
const crashAt = (step: number): Callback => ({
  onStepEnd: (s) => {
    if (s.step === step) throw new Error(`crash at step ${step}`);
  },
});

/** Everything that must match, bit for bit (NaN-safe through Array.from + toEqual). */
function snapshot(r: Run, history: EpochLog[]) {
  const opt = r.optimizer.stateDict();
  return {
    weights: Object.fromEntries(Object.entries(r.model.stateDict()).map(([k, t]) => [k, Array.from(t.data)])),
    optimizer: Object.fromEntries(
      Object.entries(opt.state).map(([i, rec]) => [
        i,
        Object.fromEntries(Object.entries(rec).map(([k, v]) => [k, typeof v === 'number' ? v : Array.from(v.data)])),
      ]),
    ),
    groups: opt.paramGroups,
    scheduler: r.scheduler.stateDict(),
    rng: defaultGenerator.stateDict(),
    stopper: r.stopper.stateDict!(),
    // wall-clock fields aside, every number of every epoch
    history: history.map(({ seconds: _s, samplesPerSecond: _r, ...log }) => log),
  };
}

/** Runs the interrupted-and-resumed scenario and returns [uninterrupted, resumed]. */
function scenario(unit: 'step' | 'epoch', every: number, crash: number) {
  const saved: { bytes: Uint8Array; epoch: number; step: number }[] = [];
  const reference = setup(0);
  const { history } = fit(reference.model, train, options(reference));
  const uninterrupted = snapshot(reference, history);

  const first = setup(0);
  const write = (bytes: Uint8Array, at: { epoch: number; step: number }) => saved.push({ bytes, ...at });
  expect(() =>
    fit(first.model, train, {
      ...options(first),
      checkpoint: { every, unit, write },
      callbacks: [first.stopper, crashAt(crash)],
    }),
  ).toThrow(`crash at step ${crash}`);
  const last = saved.at(-1)!;

  // A new process, in effect: other seeds everywhere, then the checkpoint.
  defaultGenerator.manualSeed(12345);
  const second = setup(99);
  const resumedFit = fit(second.model, train, {
    ...options(second),
    checkpoint: { every, unit, write: () => {} },
    resume: last.bytes,
  });
  return { uninterrupted, resumed: snapshot(second, resumedFit.history), saved, last };
}

function checks(): void {
  it('every N steps: resumes mid-epoch bit-identically (weights, Adam state, schedule, RNG, losses)', () => {
    const { uninterrupted, resumed, saved, last } = scenario('step', 7, 40);
    expect(saved.map((s) => s.step)).toEqual([7, 14, 21, 28, 35]);
    expect(last).toMatchObject({ step: 35, epoch: 3 }); // 35 = 2 epochs × 15 batches + 5: mid-epoch 3
    expect(resumed).toEqual(uninterrupted);
    expect(resumed.history).toHaveLength(EPOCHS);
  });

  it('every N epochs: resumes at an epoch boundary bit-identically', () => {
    const { uninterrupted, resumed, saved } = scenario('epoch', 2, 50); // crash in epoch 4
    expect(saved.map((s) => [s.epoch, s.step])).toEqual([[2, 30]]);
    expect(resumed).toEqual(uninterrupted);
  });
}

describe('fit checkpoints (js backend)', () => {
  checks();

  it('checkpointing itself changes nothing: a run writing checkpoints equals one that does not', () => {
    const a = setup(0);
    const ha = fit(a.model, train, options(a)).history;
    const b = setup(0);
    const hb = fit(b.model, train, { ...options(b), checkpoint: { every: 1, unit: 'step', write: () => {} } }).history;
    expect(snapshot(b, hb)).toEqual(snapshot(a, ha));
  });

  it('a checkpoint holds the model, the optimizer, the scheduler, the generators and the progress', () => {
    const r = setup(0);
    let bytes: Uint8Array | undefined;
    fit(r.model, train, {
      ...options(r),
      epochs: 1,
      checkpoint: { every: 1, write: (b) => (bytes = b), metadata: { run: 'x' } },
    });
    const ckpt = decodeCheckpoint(bytes!, 'ckpt');
    expect(Object.keys(ckpt.tensors).filter((k) => k.startsWith('model.'))).toHaveLength(
      Object.keys(r.model.stateDict()).length,
    );
    expect(Object.keys(ckpt.tensors).some((k) => /^optimizer\.state\.0\.exp_avg$/.test(k))).toBe(true);
    expect(ckpt.meta).toMatchObject({ step: 15, epoch: 1, scheduler: { type: 'CosineAnnealingLR', lastEpoch: 1 } });
    expect(Object.keys(ckpt.meta.generators)).toEqual(['default']);
    expect(ckpt.meta.extra).toMatchObject({
      metadata: { run: 'x' },
      fit: { epoch: 2, batch: 0, step: 15, batches: 15 },
    });
  });

  it('refuses a checkpoint that does not fit the run, before changing anything', () => {
    const r = setup(0);
    let bytes: Uint8Array | undefined;
    fit(r.model, train, { ...options(r), epochs: 1, checkpoint: { every: 1, write: (b) => (bytes = b) } });
    const other = setup(1);
    expect(() => fit(other.model, train, { ...options(other), batchSize: 32, resume: bytes! })).toThrow(
      /its run had 15 batches per epoch, this one has 8: resume with the same data and batch size/,
    );
    expect(() => fit(other.model, train, { ...options(other), shuffle: false, resume: bytes! })).toThrow(
      /its run shuffled the data, this one does not/,
    );
    expect(() =>
      fit(other.model, train, { optimizer: other.optimizer, epochs: 2, batchSize: 16, seed: 3, resume: bytes! }),
    ).toThrow(/it holds scheduler state; pass the scheduler to restore it into/);
    const small = new nn.Sequential(new nn.Linear(2, 2));
    expect(() =>
      fit(small, train, { ...options(other), optimizer: new optim.Adam(small.parameters()), resume: bytes! }),
    ).toThrow(CheckpointError);
    expect(() =>
      fit(other.model, new DataLoader(train, { batchSize: 16, shuffle: true }), {
        ...options(other),
        checkpoint: { every: 1, write: () => {} },
      }),
    ).toThrow(/checkpoints need a data loader that shuffles with its own generator/);
    expect(() => fit(other.model, train, { ...options(other), checkpoint: { every: 0, write: () => {} } })).toThrow(
      /checkpoint\.every must be a positive integer, got 0/,
    );
  });

  it('a DataLoader with its own generator resumes too', () => {
    const loader = () => new DataLoader(train, { batchSize: 16, shuffle: true, generator: new Generator(8) });
    const a = setup(0);
    const ha = fit(a.model, loader(), options(a)).history;
    const b = setup(0);
    let bytes: Uint8Array | undefined;
    expect(() =>
      fit(b.model, loader(), {
        ...options(b),
        checkpoint: { every: 10, unit: 'step', write: (x) => (bytes = x) },
        callbacks: [b.stopper, crashAt(25)],
      }),
    ).toThrow();
    const c = setup(5);
    const hc = fit(c.model, loader(), { ...options(c), resume: bytes! }).history;
    expect(snapshot(c, hc)).toEqual(snapshot(a, ha));
  });
});

describe('fit checkpoints (wasm backend)', () => {
  const previous = getBackend('float32').name;
  if (!backendState.available.has('wasm')) registerBackend(createWasmBackend(wasmRuntime()));
  beforeAll(() => void setBackend('wasm'));
  afterAll(() => void setBackend(previous));
  it('runs on the wasm backend', () => expect(getBackend('float32').name).toBe('wasm'));
  checks();
});
