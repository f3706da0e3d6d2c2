/**
 * Raw datasets as flat typed arrays; browser-safe. The synthetic sets, iris, and MNIST /
 * Fashion-MNIST / any IDX pair built from bytes or arrays the caller has. Loading MNIST and
 * Fashion-MNIST from files is in the Node entry (`./node.ts`, `actlab/node`).
export { ImageError, decodeImage, encodePng, imageFormat, imageShape } from './image.js';
export type { DecodeImageOptions, ImageFormat } from './image.js';
export { centerCrop, centerSquare, coordinateGrid, resizeArea, toGrey } from './image-transforms.js';
 */
export {
  classCounts,
  createDatasetCache,
  featureSize,
  makeDataset,
  validateDataset,
  type Dataset,
  type DatasetCache,
  type DatasetSplit,
} from './dataset.js';
export { DatasetNotFoundError } from './errors.js';
export type { RandomOptions } from './options.js';
export * from './synthetic/index.js';
export { sampleSubset, splitIndices, subset, trainTestSplit, type SplitOptions } from './split.js';
export {
  applyScaling,
  normalize,
  oneHot,
  standardize,
  type FeatureScaling,
  type ScaledSplit,
  type ScalingOptions,
} from './transforms.js';
export { readIdx, readIdxAsync, type IdxArray, type IdxDtype } from './idx.js';
export { mnistFromDigits, splitMnist, type MnistOptions } from './mnist-digits.js';
export { ImageError, decodeImage, encodePng, imageFormat, imageShape } from './image.js';
export type { DecodeImageOptions, ImageFormat } from './image.js';
export { centerCrop, centerSquare, coordinateGrid, resizeArea, toGrey } from './image-transforms.js';
export {
  FASHION_MNIST_CLASSES,
  fashionMnistFromIdx,
  fromIdx,
  type FashionMnistOptions,
  type FromIdxOptions,
  type IdxPair,
} from './fashion-mnist-idx.js';
export { irisDataset, loadIris } from './iris.js';
export {
  datasetAliases,
  datasetNames,
  getDataset,
  isDatasetName,
  type AnyDatasetOptions,
  type DatasetName,
  type DatasetOptionsByName,
} from './registry.js';
