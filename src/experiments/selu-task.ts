/**
 * Task module of `actlab selu` for the worker pool: one network (variant × seed) in, its
 * per-layer statistics at init and after training out. MNIST is parsed once per worker.
 */
import { createDatasetCache } from '../data/dataset.js';
import type { SeluTask } from './selu-config.js';
import { seluRun, type SeluProgress, type SeluRunResult } from './selu-run.js';

const cache = createDatasetCache();

export function runTask(task: SeluTask, progress: (p: SeluProgress) => void): SeluRunResult {
  return seluRun(task, { cache, progress });
}
