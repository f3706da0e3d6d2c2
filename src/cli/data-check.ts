/** Loads a command's data up front, so a missing dataset or impossible sizes fail before any work starts. */
import type { DatasetCache, DatasetSplit } from '../data/dataset.js';
import { DatasetNotFoundError } from '../data/errors.js';
import type { DataConfig } from '../experiments/config.js';
import { loadSplit } from '../experiments/data.js';
import { UsageError } from './errors.js';

/** {@link loadSplit}, with a missing dataset or bad sizes reported as a usage error (exit code 2). */
export function loadSplitForCli(config: DataConfig, cache?: DatasetCache): DatasetSplit {
  try {
    return loadSplit(config, cache);
  } catch (err) {
    if (err instanceof DatasetNotFoundError || err instanceof RangeError || err instanceof TypeError) {
      throw new UsageError(`dataset ${config.dataset}: ${err.message}`);
    }
    throw err;
  }
}
