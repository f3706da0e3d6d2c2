/**
 * Fashion-MNIST (Zalando, 70,000 28×28 grey images of 10 clothing classes) from its IDX files,
 * as Debian's `dataset-fashion-mnist` package installs them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { makeDataset, type Dataset, type DatasetCache, type DatasetSplit } from './dataset.js';
import { DatasetNotFoundError } from './errors.js';
import { readIdxFile } from './idx.js';
import { checkInteger } from './options.js';
import { sampleSubset } from './split.js';
import { Generator } from '../tensor/random.js';

/** Where `apt-get install -y dataset-fashion-mnist` puts the files. */
export const DEFAULT_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** Label names, indexed by label, as in the Fashion-MNIST README. */
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

export interface FashionMnistOptions {
  /** Folder with the four IDX files, plain or `.gz` (default {@link DEFAULT_FASHION_MNIST_DIR}). */
  dataDir?: string;
  /** Take a seeded, stratified subset of the 60,000 training images. */
  trainSize?: number;
  /** Take a seeded, stratified subset of the 10,000 test images. */
  testSize?: number;
  /** Seed for the subsets (default 0). */
  seed?: number;
  /** Reuse parsed files across calls (inflating and parsing takes ~1 s). */
  cache?: DatasetCache;
}

/**
 * Loads Fashion-MNIST with its official 60k/10k train/test split, optionally subsampled.
 *
 * @returns images `[n, 1, 28, 28]` scaled to 0..1 (byte / 255), labels 0–9 with `classNames`.
 * @throws DatasetNotFoundError when the folder or a file is missing, with the install command.
 * @example const { train, test } = loadFashionMnist({ trainSize: 10000, testSize: 2000 });
 */
export function loadFashionMnist(options: FashionMnistOptions = {}): DatasetSplit {
  const { dataDir = DEFAULT_FASHION_MNIST_DIR, seed = 0 } = options;
  let train = readFashionPart(dataDir, 'train', options.cache);
  let test = readFashionPart(dataDir, 't10k', options.cache);
  // One generator for both subsets: the test subset then never depends on a re-seed.
  const gen = new Generator(seed);
  if (options.trainSize !== undefined) {
    checkInteger('loadFashionMnist', 'trainSize', options.trainSize, 0);
    train = sampleSubset(train, options.trainSize, gen);
  }
  if (options.testSize !== undefined) {
    checkInteger('loadFashionMnist', 'testSize', options.testSize, 0);
    test = sampleSubset(test, options.testSize, gen);
  }
  return { train, test };
}

/** The file for `stem` in `dataDir`, preferring an uncompressed copy over the `.gz`. */
function findIdx(dataDir: string, stem: string): string {
  for (const candidate of [join(dataDir, stem), join(dataDir, `${stem}.gz`)]) {
    if (existsSync(candidate)) return candidate;
  }
  const where = existsSync(dataDir) ? `${join(dataDir, stem)}[.gz] does not exist` : `folder ${dataDir} does not exist`;
  throw new DatasetNotFoundError(
    `Fashion-MNIST not found: ${where}. Install it with \`apt-get install -y dataset-fashion-mnist\` ` +
      `or pass --data-dir (option dataDir) pointing to a folder with the IDX files.`,
  );
}

function readFashionPart(dataDir: string, part: 'train' | 't10k', cache?: DatasetCache): Dataset {
  const key = `fashion-mnist:${dataDir}:${part}`;
  const cached = cache?.get(key);
  if (cached !== undefined) return cached;
  const imagesPath = findIdx(dataDir, `${part}-images-idx3-ubyte`);
  const labelsPath = findIdx(dataDir, `${part}-labels-idx1-ubyte`);
  const images = readIdxFile(imagesPath);
  const labels = readIdxFile(labelsPath);
  if (images.dtype !== 'uint8' || images.shape.length !== 3 || images.shape[1] !== 28 || images.shape[2] !== 28) {
    throw new Error(
      `${imagesPath}: expected uint8 images of shape [n, 28, 28], got ${images.dtype} [${images.shape.join(', ')}]`,
    );
  }
  if (labels.dtype !== 'uint8' || labels.shape.length !== 1 || labels.shape[0] !== images.shape[0]) {
    throw new Error(
      `${labelsPath}: expected ${images.shape[0]} uint8 labels to match ${imagesPath}, got ${labels.dtype} [${labels.shape.join(', ')}]`,
    );
  }
  const x = new Float32Array(images.data.length);
  for (let i = 0; i < x.length; i++) x[i] = images.data[i]! / 255;
  const ds = makeDataset({
    name: 'fashion-mnist',
    x,
    y: Int32Array.from(labels.data),
    featureShape: [1, 28, 28],
    numClasses: 10,
    classNames: [...FASHION_MNIST_CLASSES],
  });
  cache?.set(key, ds);
  return ds;
}
