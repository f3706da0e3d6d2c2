/**
 * Dying units over training: the fraction of hidden units that are dead on the whole training
 * set (see {@link deadUnits}), measured at init and after every epoch, for one activation and
 * learning rate. High learning rates push ReLU units into the region where they never fire again.
 */
import type { DatasetSplit } from '../data/dataset.js';
import { Generator, manualSeed } from '../tensor/random.js';
import { fit } from '../train/fit.js';
import { SGD } from '../optim/sgd.js';
import { Adam } from '../optim/adam.js';
import type { ResolvedActivation } from '../activations/resolve.js';
import { deadUnits } from './network.js';
import { buildMlp } from '../models/mlp.js';
import type { InitScheme } from '../models/init.js';

export interface DeadRunOptions {
  hidden: readonly number[];
  lr: number;
  epochs: number;
  batchSize: number;
  optimizer?: 'sgd' | 'adam';
  init?: InitScheme;
  seed?: number;
  /** Called after each epoch with the epoch number (0 = init). */
  onEpoch?(epoch: number, deadFraction: number): void;
}

export interface DeadRunResult {
  act: string;
  lr: number;
  /**
   * Dead fraction over all hidden units: index 0 at init, then after each epoch. NaN (null in
   * JSON) for the epoch where training diverged: the weights are then NaN/±Inf, and a count of
   * dead units means nothing (it would read as 0% for activations whose f′(NaN) is not 0).
   */
  curve: number[];
  /** Per hidden layer, after training (NaN when training diverged). */
  finalPerLayer: number[];
  finalLoss: number;
  testAccuracy: number;
  /** The training loss became NaN/±Inf; training stopped after that epoch. */
  diverged: boolean;
  /** The epoch (1-based) whose loss was not finite, or null. */
  divergedAtEpoch: number | null;
}

/** Trains an MLP with `act` at learning rate `lr` and tracks its dead units per epoch. */
export function trackDeadUnits(act: ResolvedActivation, split: DatasetSplit, o: DeadRunOptions): DeadRunResult {
  const seed = o.seed ?? 0;
  manualSeed(seed);
  const model = buildMlp({
    inputShape: split.train.featureShape,
    hidden: o.hidden,
    classes: split.train.numClasses,
    activation: act,
    init: o.init ?? 'default',
    generator: new Generator(seed),
  });
  const first = deadUnits(model, act, split.train);
  const curve = [first.overall];
  o.onEpoch?.(0, first.overall);
  let last = first;
  let divergedAtEpoch: number | null = null;
  const optimizer =
    o.optimizer === 'adam' ? new Adam(model.parameters(), { lr: o.lr }) : new SGD(model.parameters(), { lr: o.lr });
  const { history } = fit(model, split.train, {
    optimizer,
    epochs: o.epochs,
    batchSize: o.batchSize,
    seed,
    validation: split.test,
    checkFinite: false,
    callbacks: [
      {
        onEpochEnd: (log, ctx) => {
          if (Number.isFinite(log.loss)) {
            last = deadUnits(model, act, split.train);
          } else {
            divergedAtEpoch = log.epoch;
            last = { overall: NaN, perLayer: last.perLayer.map(() => NaN) };
          }
          curve.push(last.overall);
          o.onEpoch?.(log.epoch, last.overall);
          if (divergedAtEpoch !== null) ctx.stop('diverged');
        },
      },
    ],
  });
  const end = history[history.length - 1];
  const finalLoss = end?.loss ?? NaN;
  return {
    act: act.id,
    lr: o.lr,
    curve,
    finalPerLayer: last.perLayer,
    finalLoss,
    testAccuracy: end?.valAccuracy ?? NaN,
    diverged: !Number.isFinite(finalLoss),
    divergedAtEpoch,
  };
}
