/**
 * The task module the robust study's pool runs in each worker: one RobustRunSpec in, one
 * RobustRunResult out. The dataset cache lives as long as the worker.
 */
import { createDatasetCache } from '../data/dataset.js';
import type { RobustRunSpec } from './robust-config.js';
import type { RobustRunResult } from './robust-results.js';
import { robustSpecRun } from './robust-run.js';
import type { TrainProgress } from './runner.js';

const cache = createDatasetCache();

export function runTask(run: RobustRunSpec, progress: (p: TrainProgress) => void): RobustRunResult {
  return robustSpecRun(run, { cache, progress });
}
