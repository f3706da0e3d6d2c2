/**
 * fit: the training loop every example and experiment uses — batches, forward, loss, backward,
 * optimizer step — with per-epoch metrics, callbacks, an optional LR scheduler and validation
 * set, and a stop with a precise message as soon as a loss or gradient is not finite.
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

export interface FitOptions {
  optimizer: Optimizer<BaseOptions>;
  /** Number of passes over the training data. */
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
  const { optimizer, epochs, checkFinite = true } = options;
  if (!Number.isInteger(epochs) || epochs < 0)
    throw new RangeError(`fit: epochs must be a non-negative integer, got ${epochs}`);
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
  const history: EpochLog[] = [];
  let stopped: string | undefined;
  const ctx: FitContext = { model, optimizer, history, stop: (reason) => void (stopped ??= reason) };
  const named = model.namedParameters();
  let step = 0;

  callbacks.forEach((c) => c.onTrainBegin?.(ctx));
  const memory = stepScope(model, optimizer);
  try {
    for (let epoch = 1; epoch <= epochs && stopped === undefined; epoch++) {
      model.train();
      callbacks.forEach((c) => c.onEpochBegin?.(epoch, ctx));
      const start = performance.now();
      const lr = optimizer.paramGroups[0]!.lr;
      let total = 0;
      let seen = 0;
      let correct: number | undefined = 0;
      let batch = 0;
      for (const { x, y } of loader) {
        batch++;
        step++;
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
        total += value * b;
        seen += b;
        correct = c === undefined || correct === undefined ? undefined : correct + c;
        callbacks.forEach((cb) =>
          cb.onStepEnd?.({ epoch, step, batch, batches: loader.length, loss: value, batchSize: b }, ctx),
        );
        if (stopped !== undefined) break;
      }
      options.scheduler?.step();
      const seconds = (performance.now() - start) / 1000;
      const log: EpochLog = {
        epoch,
        loss: total / seen,
        lr,
        seconds,
        samplesPerSecond: seen / seconds,
      };
      if (correct !== undefined) log.accuracy = correct / seen;
      if (options.validation) {
        const v = evaluate(model, options.validation, { loss: lossFn });
        log.valLoss = v.loss;
        if (v.accuracy !== undefined) log.valAccuracy = v.accuracy;
      }
      history.push(log);
      callbacks.forEach((c) => c.onEpochEnd?.(log, ctx));
    }
  } finally {
    memory.close();
  }
  callbacks.forEach((c) => c.onTrainEnd?.(ctx));
  return stopped === undefined ? { history } : { history, stopped };
}

function stopNonFinite(what: string, first: string, epoch: number, step: number, history: EpochLog[]): never {
  const err = new NonFiniteError(`fit: ${what}; first non-finite tensor: ${first}`, epoch, step, first);
  err.history = history;
  throw err;
}
