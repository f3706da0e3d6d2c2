/**
 * Loads the train/test split a run trains on, by registry name and subset sizes, standardized
 * with statistics of the training part only: per feature for tabular and 2-D sets, one global
 * mean/std for images (per-pixel statistics blow up MNIST's always-black border).
 */
import type { DatasetCache, DatasetSplit } from '../data/dataset.js';
// The Node data barrel: getDataset reads mnist and fashion-mnist from files.
import { datasetAliases, datasetNames, getDataset, type AnyDatasetOptions } from '../data/node/index.js';
import { standardize, type ScaledSplit } from '../data/transforms.js';
import type { DataConfig } from './config.js';

/** Datasets stored in files, with a fixed pool of samples; the rest are generated. */
const FILE_DATASETS = new Set(['mnist', 'fashion-mnist', 'iris']);

/** Every accepted dataset name (registry names and aliases). */
export const datasetChoices: readonly string[] = [...datasetNames, ...Object.keys(datasetAliases)];

/** The registry name for a name or alias (unchanged when unknown: getDataset reports it). */
export const canonicalDataset = (name: string): string => datasetAliases[name] ?? name;

/**
 * Default train/test sizes per dataset: MNIST's package holds 10,000 digits (8000/2000 uses them
 * all); Fashion-MNIST takes a 10,000/2000 subset so an epoch stays seconds long on a CPU;
 * iris has 150 flowers; the 2-D sets are generated with 1000 points.
 */
export function defaultSizes(dataset: string): { trainSize: number; testSize: number } {
  switch (canonicalDataset(dataset)) {
    case 'mnist':
      return { trainSize: 8000, testSize: 2000 };
    case 'fashion-mnist':
      return { trainSize: 10000, testSize: 2000 };
    case 'iris':
      return { trainSize: 120, testSize: 30 };
    default:
      return { trainSize: 800, testSize: 200 };
  }
}

/** Whether a dataset's samples are 2-D points (decision boundaries can be drawn). */
export const isPlanar = (split: DatasetSplit): boolean =>
  split.train.featureShape.length === 1 && split.train.featureShape[0] === 2;

/**
 * The standardized split of `config`, with the scaling fitted on its training part (a saved model
 * records it, so new raw data can be mapped the same way). Synthetic sets are generated with
 * `trainSize + testSize` points from `dataSeed`; file sets take seeded subsets of those sizes.
 */
export function loadSplit(config: DataConfig, cache?: DatasetCache): ScaledSplit {
  const name = canonicalDataset(config.dataset);
  const options: AnyDatasetOptions = { trainSize: config.trainSize, testSize: config.testSize, seed: config.dataSeed };
  if (!FILE_DATASETS.has(name)) options.n = config.trainSize + config.testSize;
  if (config.dataDir !== undefined) options.dataDir = config.dataDir;
  if (cache) options.cache = cache;
  const split = getDataset(name, options);
  const images = split.train.featureShape.length > 1;
  const { train, test, scaling } = standardize(split, { perFeature: !images });
  return { train, test, scaling };
}
