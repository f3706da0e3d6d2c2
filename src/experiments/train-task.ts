/**
 * The task module the compare pool runs in each worker: one RunSpec in, one RunResult out.
 * The dataset cache lives as long as the worker, so MNIST is parsed once per worker.
 */
import { createDatasetCache } from '../data/dataset.js';
import type { RunSpec } from './config.js';
import type { RunResult } from './results.js';
import type { TrainProgress } from './runner.js';
import { trainSpec } from './train-run.js';

const cache = createDatasetCache();

export function runTask(run: RunSpec, progress: (p: TrainProgress) => void): RunResult {
  return trainSpec(run, { cache, progress });
}
