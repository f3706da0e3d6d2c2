/**
 * Datasets by name, for the CLI and experiment configs: every entry returns a train/test split.
 * The name list is derived from the loader table, so adding a dataset is one line here.
 * Sets read from files (mnist, fashion-mnist) load once the Node entry has installed their
 * loaders (src/data/node/index.ts, part of `actlab/node`); without it they throw, saying so.
 */
import type { DatasetSplit } from './dataset.js';
import { DatasetNotFoundError } from './errors.js';
import type { FashionMnistOptions } from './fashion-mnist-idx.js';
import { loadIris } from './iris.js';
import type { MnistOptions } from './mnist-digits.js';
import { resolveGenerator } from './options.js';
import { trainTestSplit, type SplitOptions } from './split.js';
import { circles, type CirclesOptions } from './synthetic/circles.js';
import { gaussians, type GaussiansOptions } from './synthetic/gaussians.js';
import { moons, type MoonsOptions } from './synthetic/moons.js';
import { spiral, type SpiralOptions } from './synthetic/spiral.js';
import { xor, type XorOptions } from './synthetic/xor.js';
import type { Dataset } from './dataset.js';
import type { RandomOptions } from './options.js';

/** Options of each registered dataset. Synthetic sets take their generator's options plus a split. */
export interface DatasetOptionsByName {
  xor: XorOptions & SplitOptions;
  circles: CirclesOptions & SplitOptions;
  moons: MoonsOptions & SplitOptions;
  spiral: SpiralOptions & SplitOptions;
  gaussians: GaussiansOptions & SplitOptions;
  mnist: MnistOptions;
  'fashion-mnist': FashionMnistOptions;
  iris: SplitOptions;
}

export type DatasetName = keyof DatasetOptionsByName;

/** Every option any dataset accepts, for callers (the CLI) that pick the name at run time. */
export type AnyDatasetOptions = Partial<UnionToIntersection<DatasetOptionsByName[DatasetName]>>;

type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer I) => void ? I : never;

/**
 * A synthetic set split into train and test with ONE generator: the points and the split are
 * both determined by `seed`, so `getDataset('moons', { seed: 3 })` is reproducible as a whole.
 */
function synthetic<O extends RandomOptions & SplitOptions>(make: (o: O) => Dataset) {
  return (options: O): DatasetSplit => {
    const generator = resolveGenerator(options);
    return trainTestSplit(make({ ...options, generator }), { ...options, generator });
  };
}

/** The sets read from files, and what to use instead where there are none. */
type FileDatasetName = 'mnist' | 'fashion-mnist';
type FileLoaders = { [K in FileDatasetName]?: (options: DatasetOptionsByName[K]) => DatasetSplit };
const FROM_BYTES: Record<FileDatasetName, string> = {
  mnist: 'data.splitMnist(data.mnistFromDigits(arrays))',
  'fashion-mnist': 'data.fashionMnistFromIdx(bytes)',
};
const fileLoaders: FileLoaders = {};

/** Installs the file-based loaders (called by src/data/node/index.ts). */
export function installFileLoaders(loaders: Required<FileLoaders>): void {
  Object.assign(fileLoaders, loaders);
}

function fromFiles<K extends FileDatasetName>(name: K) {
  return (options: DatasetOptionsByName[K]): DatasetSplit => {
    const load = fileLoaders[name] as ((o: DatasetOptionsByName[K]) => DatasetSplit) | undefined;
    if (load === undefined) {
      throw new DatasetNotFoundError(
        `getDataset: '${name}' is read from files, which the Node entry does: import { data } from 'actlab/node' ` +
          `(elsewhere, build it from its bytes: ${FROM_BYTES[name]})`,
      );
    }
    return load(options);
  };
}

const loaders: { [K in DatasetName]: (options: DatasetOptionsByName[K]) => DatasetSplit } = {
  xor: synthetic(xor),
  circles: synthetic(circles),
  moons: synthetic(moons),
  spiral: synthetic(spiral),
  gaussians: synthetic(gaussians),
  mnist: fromFiles('mnist'),
  'fashion-mnist': fromFiles('fashion-mnist'),
  iris: loadIris,
};

/** Names accepted by {@link getDataset}, in a stable order. */
export const datasetNames = Object.keys(loaders) as DatasetName[];

/** Alternative names, as data: sklearn calls Gaussian blobs "blobs". */
export const datasetAliases: Readonly<Record<string, DatasetName>> = { blobs: 'gaussians', fashion: 'fashion-mnist' };

/** Whether `name` is a registered dataset name (aliases not included). */
export function isDatasetName(name: string): name is DatasetName {
  return Object.hasOwn(loaders, name);
}

/**
 * Loads a dataset by name as a train/test split.
 *
 * @param name one of {@link datasetNames} (or an alias such as `'blobs'`).
 * @param options the dataset's own options, plus `testFraction`/`seed` for synthetic sets.
 * @throws RangeError listing the valid names when `name` is unknown.
 * @example const { train, test } = getDataset('spiral', { n: 600, classes: 3, seed: 0 });
 */
export function getDataset<K extends DatasetName>(name: K, options?: DatasetOptionsByName[K]): DatasetSplit;
export function getDataset(name: string, options?: AnyDatasetOptions): DatasetSplit;
export function getDataset(name: string, options: AnyDatasetOptions = {}): DatasetSplit {
  const resolved = datasetAliases[name] ?? name;
  if (!isDatasetName(resolved)) {
    throw new RangeError(`getDataset: unknown dataset '${name}'; valid names: ${datasetNames.join(', ')}`);
  }
  // Each loader reads only its own options; the union type is safe to pass through.
  return (loaders[resolved] as (o: AnyDatasetOptions) => DatasetSplit)(options);
}
