/** Per-epoch and per-step hooks for fit, and two ready-made ones: a progress logger and early stopping. */
import type { Tensor } from '../tensor/tensor.js';
import type { Module } from '../nn/module.js';
import type { BaseOptions, Optimizer } from '../optim/optimizer.js';
import type { JsonValue } from '../io/json.js';

/** What fit records after each epoch. */
export interface EpochLog {
  /** 1-based. */
  epoch: number;
  /** Mean training loss over the epoch's samples. */
  loss: number;
  /** Training accuracy (class-label targets only). */
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
  /** Learning rate of the first parameter group during the epoch. */
  lr: number;
  seconds: number;
  samplesPerSecond: number;
}

export interface StepInfo {
  epoch: number;
  /** 1-based step count over the whole run. */
  step: number;
  /** 1-based batch index within the epoch, of `batches`. */
  batch: number;
  batches: number;
  loss: number;
  batchSize: number;
}

/** Passed to every hook: the objects being trained, and a way to end training early. */
export interface FitContext {
  model: Module<[Tensor], Tensor>;
  optimizer: Optimizer<BaseOptions>;
  history: EpochLog[];
  /** Ends training after the current epoch (or step), recording `reason`. */
  stop(reason: string): void;
}

export interface Callback {
  onTrainBegin?(ctx: FitContext): void;
  /** Also called for the epoch a resumed run continues in the middle of. */
  onEpochBegin?(epoch: number, ctx: FitContext): void;
  onStepEnd?(info: StepInfo, ctx: FitContext): void;
  onEpochEnd?(log: EpochLog, ctx: FitContext): void;
  onTrainEnd?(ctx: FitContext): void;
  /**
   * The callback's own state (JSON), saved in fit's checkpoints; a callback that counts or
   * remembers (early stopping's best value) needs it to resume exactly.
   */
  stateDict?(): JsonValue;
  /** Restores {@link stateDict}'s value; callbacks are matched by their position in `callbacks`. */
  loadStateDict?(state: JsonValue): void;
}

const fmt = (v: number | undefined, digits = 4): string => (v === undefined ? '' : v.toFixed(digits));

/** One line per epoch (and optionally every `every` steps): loss, accuracy, validation, speed. */
export function progressLogger(options: { log?: (line: string) => void; every?: number } = {}): Callback {
  const log = options.log ?? ((line: string) => console.log(line));
  return {
    onStepEnd(info) {
      if (options.every && info.batch % options.every === 0) {
        log(`  epoch ${info.epoch} batch ${info.batch}/${info.batches}  loss ${fmt(info.loss)}`);
      }
    },
    onEpochEnd(e) {
      const parts = [`epoch ${e.epoch}`, `loss ${fmt(e.loss)}`];
      if (e.accuracy !== undefined) parts.push(`acc ${fmt(e.accuracy)}`);
      if (e.valLoss !== undefined) parts.push(`val_loss ${fmt(e.valLoss)}`);
      if (e.valAccuracy !== undefined) parts.push(`val_acc ${fmt(e.valAccuracy)}`);
      parts.push(
        `lr ${e.lr.toPrecision(3)}`,
        `${e.seconds.toFixed(1)} s`,
        `${Math.round(e.samplesPerSecond)} samples/s`,
      );
      log(parts.join('  '));
    },
  };
}

/** Stops when `monitor` has not improved by `minDelta` for `patience` epochs. */
export function earlyStopping(
  options: { monitor?: 'loss' | 'valLoss' | 'accuracy' | 'valAccuracy'; patience?: number; minDelta?: number } = {},
): Callback {
  const monitor = options.monitor ?? 'valLoss';
  const patience = options.patience ?? 3;
  const minDelta = options.minDelta ?? 0;
  const higherIsBetter = monitor === 'accuracy' || monitor === 'valAccuracy';
  let best = higherIsBetter ? -Infinity : Infinity;
  let waited = 0;
  return {
    stateDict: () => ({ best, waited }),
    loadStateDict(state) {
      const s = state as { best?: unknown; waited?: unknown };
      if (typeof s?.best !== 'number' || !Number.isInteger(s.waited))
        throw new TypeError(`earlyStopping.loadStateDict: expected { best, waited }, got ${JSON.stringify(state)}`);
      best = s.best;
      waited = s.waited as number;
    },
    onEpochEnd(e, ctx) {
      const v = e[monitor];
      if (v === undefined)
        throw new RangeError(
          `earlyStopping: ${monitor} is not recorded (give fit a validation set to monitor val metrics)`,
        );
      const improved = higherIsBetter ? v > best + minDelta : v < best - minDelta;
      if (improved) {
        best = v;
        waited = 0;
      } else if (++waited >= patience) {
        ctx.stop(`early stopping: ${monitor} did not improve for ${patience} epochs (best ${best.toFixed(4)})`);
      }
    },
  };
}
