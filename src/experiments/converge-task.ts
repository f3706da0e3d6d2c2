/**
 * Task module of `actlab converge` for the worker pool: one run in, its training-error curve out.
 * The dataset cache lives as long as the worker, so Fashion-MNIST is parsed once per worker.
 */
import { createDatasetCache } from '../data/dataset.js';
import type { ConvergeTask } from './converge-config.js';
import { convergeRun, type ConvergeProgress, type ConvergeRunResult } from './converge-run.js';

const cache = createDatasetCache();

export function runTask(task: ConvergeTask, progress: (p: ConvergeProgress) => void): ConvergeRunResult {
  return convergeRun(task, { cache, progress });
}
