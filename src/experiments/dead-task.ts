/**
 * Task module of `actlab dead`: one (activation, learning rate) training run tracking its dead
 * units per epoch, run on the worker pool like compare's runs.
 */
import { createDatasetCache } from '../data/dataset.js';
import { resolveActivation } from '../activations/resolve.js';
import { trackDeadUnits, type DeadRunResult } from '../analysis/dead.js';
import type { TrainConfig } from './config.js';
import { loadSplit } from './data.js';
import type { TrainProgress } from './runner.js';

export interface DeadTask {
  act: string;
  params: Record<string, number | string>;
  lr: number;
  seed: number;
  config: TrainConfig;
}

const cache = createDatasetCache();

export function runTask(
  task: DeadTask,
  progress: (p: TrainProgress & { deadFraction: number }) => void,
): DeadRunResult {
  const { config } = task;
  const split = loadSplit(config, cache);
  const optimizer = config.optimizer === 'adam' ? 'adam' : 'sgd';
  return trackDeadUnits(resolveActivation(task.act, task.params), split, {
    hidden: config.hidden,
    lr: task.lr,
    epochs: config.epochs,
    batchSize: config.batchSize,
    optimizer,
    init: config.init,
    seed: task.seed,
    onEpoch: (epoch, deadFraction) =>
      progress({
        epoch: Math.max(1, epoch),
        epochs: config.epochs,
        step: epoch === 0 ? 0 : 1,
        steps: 1,
        loss: NaN,
        deadFraction,
      }),
  });
}
