/**
 * Raw datasets as flat typed arrays. The synthetic sets (`./synthetic/`) are browser-safe; MNIST,
 * Fashion-MNIST, iris, IDX and image files read files through node: modules (images decode from bytes
 * in the browser too: `decodeImage`).
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
export { readIdx, readIdxFile, type IdxArray, type IdxDtype } from './idx.js';
export { ImageError, decodeImage, encodePng, imageFormat, imageShape } from './image.js';
export type { DecodeImageOptions, ImageFormat } from './image.js';
export { centerCrop, centerSquare, coordinateGrid, resizeArea, toGrey } from './image-transforms.js';
export { readImageFile, writePngFile } from './image-file.js';
export { loadMnist, readMnistDigits, type MnistOptions } from './mnist.js';
export {
  DEFAULT_FASHION_MNIST_DIR,
  FASHION_MNIST_CLASSES,
  loadFashionMnist,
  type FashionMnistOptions,
} from './fashion-mnist.js';
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
