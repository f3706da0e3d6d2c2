/**
 * fit: the training loop every example and experiment uses — batches, forward, loss, backward,
 * optimizer step — with per-epoch metrics, callbacks, an optional LR scheduler and validation
 * set, a stop with a precise message as soon as a loss or gradient is not finite, and
 * checkpoints every N epochs or steps that a later run resumes bit for bit.
 */
import type { Tensor } from '../tensor/tensor.js';
import type { Module } from '../nn/module.js';
import type { BaseOptions, Optimizer } from '../optim/optimizer.js';
import type { LRScheduler } from '../optim/lr-scheduler.js';
import { DataLoader } from '../data/loader.js';
import type { DataSource } from '../data/loader.js';
import { crossEntropy } from '../nn/functional/loss-classification.js';
import { callLoss, countCorrect, evaluate } from './evaluate.js';
import type { LossFn } from './evaluate.js';
import { NonFiniteError, describeNonFinite, traceNonFinite } from './finite.js';
import type { Callback, EpochLog, FitContext } from './callbacks.js';
import type { BatchTransform } from './batch-transform.js';
import { release, stepScope } from '../backend/scope.js';
import type { GeneratorState } from '../tensor/random.js';
import type { Checkpoint } from '../io/checkpoint.js';
import {
  encodeFitCheckpoint,
  loaderGenerator,
  resumeFit,
  type FitCheckpointOptions,
  type FitProgress,
} from './fit-checkpoint.js';

export interface FitOptions {
  optimizer: Optimizer<BaseOptions>;
  /** Number of passes over the training data (a resumed run counts the epochs it already did). */
  epochs: number;
  /** Default: cross-entropy from logits. */
  loss?: LossFn;
  /** Default 32 (ignored when `train` is already a DataLoader). */
  batchSize?: number;
  /** Reshuffle every epoch (default true). */
  shuffle?: boolean;
  /** Seed of the shuffling (default 0). Seed the weights with `manualSeed` before building the model. */
  seed?: number;
  /** Evaluated after every epoch (valLoss, valAccuracy). */
  validation?: DataSource;
  /** Stepped once per epoch, after the epoch's last optimizer step. */
  scheduler?: LRScheduler;
  callbacks?: Callback[];
  /** Stop at the first non-finite loss or gradient (default true). */
  checkFinite?: boolean;
  /** Replaces each batch's inputs before the step (e.g. `adversarial.adversarialTraining({...})`). */
  transformBatch?: BatchTransform;
  /**
   * Write a checkpoint (model, optimizer, scheduler, random generators, progress) every N epochs
   * or steps; `resume` continues from one.
   */
  checkpoint?: FitCheckpointOptions;
  /**
   * Continue the run a checkpoint of `checkpoint` was taken from (its bytes, or a decoded one):
   * build the model, optimizer and scheduler as for the first run, pass the same options, and the
   * result is bit-identical to a run that was never interrupted.
   */
  resume?: Uint8Array | Checkpoint;
}

export interface FitResult {
  history: EpochLog[];
  /** Why training ended before `epochs`, when it did. */
  stopped?: string;
}

/**
 * Trains `model` on `train` and returns the per-epoch history.
 *
 * @throws NonFiniteError naming the epoch, step and first non-finite tensor when the loss or a
 *   gradient becomes NaN/±Inf (with `checkFinite`, the default).
 * @example
 * manualSeed(0);
 * const model = new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 10));
 * const { history } = fit(model, train, { optimizer: new optim.Adam(model.parameters()), epochs: 5, batchSize: 64, validation: test });
 */
export function fit(model: Module<[Tensor], Tensor>, train: DataSource | DataLoader, options: FitOptions): FitResult {
  const { optimizer, epochs, checkFinite = true, checkpoint } = options;
  if (!Number.isInteger(epochs) || epochs < 0)
    throw new RangeError(`fit: epochs must be a non-negative integer, got ${epochs}`);
  if (checkpoint && (!Number.isInteger(checkpoint.every) || checkpoint.every < 1))
    throw new RangeError(`fit: checkpoint.every must be a positive integer, got ${checkpoint.every}`);
  const loader =
    train instanceof DataLoader
      ? train
      : new DataLoader(train, {
          batchSize: options.batchSize ?? 32,
          shuffle: options.shuffle ?? true,
          seed: options.seed ?? 0,
        });
  const lossFn = options.loss ?? crossEntropy;
  const callbacks = options.callbacks ?? [];
  const parts = { model, optimizer, scheduler: options.scheduler, loader, callbacks };
  const shuffler = checkpoint || options.resume ? loaderGenerator(loader) : null;
  const progress: FitProgress = options.resume
    ? resumeFit(parts, options.resume)
    : { epoch: 1, batch: 0, step: 0, total: 0, seen: 0, correct: 0, history: [] };
  const { history } = progress;
  const ctx: FitContext = { model, optimizer, history, stop: (reason) => void (progress.stopped ??= reason) };
  const named = model.namedParameters();
  const save = (loaderState: GeneratorState | null): void => {
    const bytes = encodeFitCheckpoint(parts, progress, loaderState, checkpoint!.metadata);
    checkpoint!.write(bytes, {
      epoch: progress.batch === 0 ? progress.epoch - 1 : progress.epoch,
      step: progress.step,
    });
  };

  callbacks.forEach((c) => c.onTrainBegin?.(ctx));
  const memory = stepScope(model, optimizer);
  try {
    for (; progress.epoch <= epochs && progress.stopped === undefined;) {
      const epoch = progress.epoch;
      model.train();
      callbacks.forEach((c) => c.onEpochBegin?.(epoch, ctx));
      const loaderState = shuffler?.stateDict() ?? null; // the order of this epoch, drawn as iteration starts
      const skip = progress.batch; // batches a resumed run already trained
      const seenBefore = progress.seen;
      const start = performance.now();
      const lr = optimizer.paramGroups[0]!.lr;
      let batch = 0;
      for (const { x, y } of loader) {
        batch++;
        if (batch <= skip) {
          release(x, y);
          continue;
        }
        const step = ++progress.step;
        const where = `epoch ${epoch}, step ${step} (batch ${batch} of ${loader.length})`;
        // The step's tensors are freed when it ends (WASM storage is not reclaimed by the GC
        // inside a synchronous loop); parameters, their grads and optimizer state survive.
        const [value, c] = memory.run(() => {
          const input = options.transformBatch
            ? options.transformBatch(x, y, { model, epoch, step, batch, batches: loader.length })
            : x;
          optimizer.zeroGrad();
          const out = model.forward(input);
          const loss = callLoss(lossFn, out, y);
          const value = loss.item();
          if (checkFinite && !Number.isFinite(value)) {
            stopNonFinite(`the loss is ${value} at ${where}`, traceNonFinite(model, input, out), epoch, step, history);
          }
          loss.backward();
          if (checkFinite) {
            const badGrad = named
              .map(([name, p]) => p.grad && describeNonFinite(`gradient of '${name}'`, p.grad))
              .find((d) => d);
            // A finite loss with a non-finite gradient still has a cause upstream (e.g. a NaN input
            // that a ReLU zeroed): name the first bad forward tensor if there is one.
            if (badGrad) {
              const first = traceNonFinite(model, input, out, badGrad);
              stopNonFinite(`a gradient is not finite at ${where} (loss ${value})`, first, epoch, step, history);
            }
          }
          optimizer.step();
          return [value, countCorrect(out, y)] as const;
        });
        release(x, y); // this batch's copies (the loader gathers fresh ones every step)
        const b = x.shape[0]!;
        progress.total += value * b;
        progress.seen += b;
        progress.correct = c === undefined || progress.correct === null ? null : progress.correct + c;
        progress.batch = batch;
        callbacks.forEach((cb) =>
          cb.onStepEnd?.({ epoch, step, batch, batches: loader.length, loss: value, batchSize: b }, ctx),
        );
        if (checkpoint?.unit === 'step' && step % checkpoint.every === 0) save(loaderState);
        if (progress.stopped !== undefined) break;
      }
      options.scheduler?.step();
      const seconds = (performance.now() - start) / 1000;
      const log: EpochLog = {
        epoch,
        loss: progress.total / progress.seen,
        lr,
        seconds,
        samplesPerSecond: (progress.seen - seenBefore) / seconds,
      };
      if (progress.correct !== null) log.accuracy = progress.correct / progress.seen;
      if (options.validation) {
        const v = evaluate(model, options.validation, { loss: lossFn });
        log.valLoss = v.loss;
        if (v.accuracy !== undefined) log.valAccuracy = v.accuracy;
      }
      history.push(log);
      callbacks.forEach((c) => c.onEpochEnd?.(log, ctx));
      Object.assign(progress, { epoch: epoch + 1, batch: 0, total: 0, seen: 0, correct: 0 });
      if (checkpoint && checkpoint.unit !== 'step' && epoch % checkpoint.every === 0)
        save(shuffler?.stateDict() ?? null);
    }
  } finally {
    memory.close();
  }
  callbacks.forEach((c) => c.onTrainEnd?.(ctx));
  return progress.stopped === undefined ? { history } : { history, stopped: progress.stopped };
}

function stopNonFinite(what: string, first: string, epoch: number, step: number, history: EpochLog[]): never {
  const err = new NonFiniteError(`fit: ${what}; first non-finite tensor: ${first}`, epoch, step, first);
  err.history = history;
  throw err;
}
