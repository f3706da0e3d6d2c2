/**
 * fit's side of checkpoints: what of a run's progress goes into the checkpoint's JSON (the epoch
 * and batch reached, the running sums of the epoch in progress, the history, the data order of
 * the epoch in progress, the callbacks' own state) and how a run picks it up again, so that a
 * resumed run is bit-identical to one that was never interrupted.
 */
import type { Tensor } from '../tensor/tensor.js';
import type { Module } from '../nn/module.js';
import type { BaseOptions, Optimizer } from '../optim/optimizer.js';
import type { LRScheduler } from '../optim/lr-scheduler.js';
import { DataLoader } from '../data/loader.js';
import { defaultGenerator, Generator, type GeneratorState } from '../tensor/random.js';
import {
  CheckpointError,
  decodeCheckpoint,
  encodeCheckpoint,
  restoreCheckpoint,
  type Checkpoint,
  type CheckpointParts,
} from '../io/checkpoint.js';
import type { JsonValue } from '../io/json.js';
import type { Callback, EpochLog } from './callbacks.js';

/** When and where fit writes checkpoints. */
export interface FitCheckpointOptions {
  /** Write one every `every` epochs (unit 'epoch', the default) or optimizer steps (unit 'step'). */
  every: number;
  unit?: 'epoch' | 'step';
  /**
   * Receives each checkpoint's bytes: in Node, `io.checkpointWriter(path)` writes them atomically;
   * in a browser, keep them in IndexedDB, say.
   */
  write(bytes: Uint8Array, at: { epoch: number; step: number }): void;
  /** Kept in each checkpoint (`meta.extra.metadata`), e.g. what configuration the run had. */
  metadata?: Record<string, JsonValue>;
}

/** A run's position: what fit keeps in a checkpoint besides the model, optimizer, scheduler and RNG. */
export interface FitProgress {
  /** The epoch in progress (1-based), or the next one when `batch` is 0. */
  epoch: number;
  /** Batches of that epoch already trained. */
  batch: number;
  /** Optimizer steps over the whole run. */
  step: number;
  /** Running sums of the epoch in progress: loss × samples, samples, correct predictions (null: not a classification). */
  total: number;
  seen: number;
  correct: number | null;
  history: EpochLog[];
  stopped?: string;
}

interface SavedFit extends FitProgress {
  /** Batches per epoch of the run (a resume on other data is refused). */
  batches: number;
  /** The data loader's generator at the start of epoch `epoch` (null: it does not shuffle with one). */
  loader: GeneratorState | null;
  callbacks: (JsonValue | null)[];
}

/**
 * The generator a DataLoader shuffles with, found as the modules' generators are: by its field.
 * (DataLoader keeps it private; a checkpoint needs its state.)
 */
export function loaderGenerator(loader: DataLoader): Generator | null {
  if (!loader.shuffle) return null;
  const g = Object.values(loader).find((v): v is Generator => v instanceof Generator) ?? null;
  if (g === defaultGenerator) {
    throw new RangeError(
      'fit: checkpoints need a data loader that shuffles with its own generator, not the default one (which dropout ' +
        'also draws from): give the DataLoader a seed or a generator, or pass the dataset and let fit shuffle it with options.seed',
    );
  }
  return g;
}

/** What fit saves and restores. */
export interface FitParts {
  model: Module<[Tensor], Tensor>;
  optimizer: Optimizer<BaseOptions>;
  scheduler: LRScheduler | undefined;
  loader: DataLoader;
  callbacks: readonly Callback[];
}

function checkpointParts(p: FitParts): CheckpointParts {
  return { model: p.model, optimizer: p.optimizer, ...(p.scheduler ? { scheduler: p.scheduler } : {}) };
}

/** The checkpoint bytes of a run at `progress`; `loaderState` is the data order of the epoch in progress. */
export function encodeFitCheckpoint(
  p: FitParts,
  progress: FitProgress,
  loaderState: GeneratorState | null,
  metadata?: Record<string, JsonValue>,
): Uint8Array {
  const saved: SavedFit = {
    ...progress,
    batches: p.loader.length,
    loader: loaderState,
    callbacks: p.callbacks.map((c) => c.stateDict?.() ?? null),
  };
  return encodeCheckpoint(checkpointParts(p), {
    step: progress.step,
    epoch: progress.epoch - 1,
    extra: { fit: saved as unknown as JsonValue, ...(metadata ? { metadata } : {}) },
  });
}

/**
 * Restores a checkpoint written by fit into the run's objects and returns the progress to go on
 * from. The loader's generator is set back to the start of the epoch in progress; fit then skips
 * the batches already trained.
 * @throws CheckpointError when the checkpoint was not written by fit or does not fit this run.
 */
export function resumeFit(p: FitParts, resume: Uint8Array | Checkpoint): FitProgress {
  const ckpt = resume instanceof Uint8Array ? decodeCheckpoint(resume) : resume;
  const saved = ckpt.meta.extra?.fit as unknown as SavedFit | undefined;
  if (!saved || typeof saved.epoch !== 'number')
    throw new CheckpointError(
      `${ckpt.source}: not written by fit (no fit progress in it); restore it with io.loadCheckpoint`,
    );
  if (saved.batches !== p.loader.length) {
    throw new CheckpointError(
      `${ckpt.source}: its run had ${saved.batches} batches per epoch, this one has ${p.loader.length}: resume with the same data and batch size`,
    );
  }
  const generator = loaderGenerator(p.loader);
  if ((saved.loader === null) !== (generator === null)) {
    throw new CheckpointError(
      `${ckpt.source}: its run ${saved.loader === null ? 'did not shuffle' : 'shuffled'} the data, this one ${generator === null ? 'does not' : 'does'}`,
    );
  }
  restoreCheckpoint(ckpt, checkpointParts(p));
  if (generator && saved.loader) generator.loadStateDict(saved.loader);
  p.callbacks.forEach((c, i) => {
    const state = saved.callbacks[i];
    if (c.loadStateDict && state !== undefined && state !== null) c.loadStateDict(state);
  });
  const progress: FitProgress = {
    epoch: saved.epoch,
    batch: saved.batch,
    step: saved.step,
    total: saved.total,
    seen: saved.seen,
    correct: saved.correct,
    history: saved.history,
  };
  if (saved.stopped !== undefined) progress.stopped = saved.stopped;
  return progress;
}
