/**
 * Image datasets from IDX bytes (browser-safe): `fromIdx` for any images/labels pair of the
 * format (MNIST's own distribution, Fashion-MNIST, EMNIST…) and `fashionMnistFromIdx` for the
 * four Fashion-MNIST files with the loader's seeded subsets. Reading them from disk: fashion-mnist.ts (Node).
 */
import { makeDataset, type Dataset, type DatasetCache, type DatasetSplit } from './dataset.js';
import { readIdx, type IdxArray } from './idx.js';
import { checkInteger } from './options.js';
import { sampleSubset } from './split.js';
import { Generator } from '../tensor/random.js';

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
  /** Folder with the four IDX files, plain or `.gz` (Node's loadFashionMnist; default /usr/share/datasets/fashion-mnist). */
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

/** IDX images and labels, as bytes (`.gz` needs Node, or parse with readIdxAsync first) or parsed. */
export interface IdxPair {
  images: Uint8Array | IdxArray;
  labels: Uint8Array | IdxArray;
}

export interface FromIdxOptions {
  /** Dataset name (default 'idx'). */
  name?: string;
  /** Label names; their count is the number of classes (default: '0' … the largest label). */
  classNames?: readonly string[];
  /** Required image height and width, e.g. [28, 28] (default: any). */
  imageSize?: readonly [number, number];
  /** Names of the two sources in error messages (default 'images', 'labels'), e.g. their file names. */
  sources?: { images?: string; labels?: string };
}

const parsed = (x: Uint8Array | IdxArray, source: string): IdxArray =>
  x instanceof Uint8Array ? readIdx(x, source) : x;

/**
 * A dataset of grey images from an IDX pair: uint8 images `[n, h, w]` become `[n, 1, h, w]`
 * float32 in 0..1 (byte / 255), uint8 labels `[n]` become int32.
 *
 * @throws Error naming the source when the images are not uint8 `[n, h, w]` (of `imageSize`), the labels
 *   not uint8 `[n]`, or a label is not below the number of `classNames`.
 * @example const test = data.fromIdx(imagesBytes, labelsBytes, { name: 'mnist', imageSize: [28, 28] });
 */
export function fromIdx(
  images: Uint8Array | IdxArray,
  labels: Uint8Array | IdxArray,
  options: FromIdxOptions = {},
): Dataset {
  const imagesSource = options.sources?.images ?? 'images';
  const labelsSource = options.sources?.labels ?? 'labels';
  const img = parsed(images, imagesSource);
  const lab = parsed(labels, labelsSource);
  const [n, h, w] = img.shape;
  const size = options.imageSize;
  if (img.dtype !== 'uint8' || img.shape.length !== 3 || (size && (h !== size[0] || w !== size[1]))) {
    const want = size ? `[n, ${size[0]}, ${size[1]}]` : '[n, height, width]';
    throw new Error(
      `${imagesSource}: expected uint8 images of shape ${want}, got ${img.dtype} [${img.shape.join(', ')}]`,
    );
  }
  if (lab.dtype !== 'uint8' || lab.shape.length !== 1 || lab.shape[0] !== n) {
    throw new Error(
      `${labelsSource}: expected ${n} uint8 labels to match ${imagesSource}, got ${lab.dtype} [${lab.shape.join(', ')}]`,
    );
  }
  const y = Int32Array.from(lab.data);
  const largest = y.reduce((m, v) => Math.max(m, v), 0);
  const classNames = options.classNames
    ? [...options.classNames]
    : Array.from({ length: largest + 1 }, (_, i) => `${i}`);
  if (largest >= classNames.length) {
    throw new Error(`${labelsSource}: label ${largest} is out of range for ${classNames.length} classNames`);
  }
  const x = new Float32Array(img.data.length);
  for (let i = 0; i < x.length; i++) x[i] = img.data[i]! / 255;
  return makeDataset({
    name: options.name ?? 'idx',
    x,
    y,
    featureShape: [1, h!, w!],
    numClasses: classNames.length,
    classNames,
  });
}

/** One part (train or test) of Fashion-MNIST from its IDX pair. */
export function fashionMnistPart(pair: IdxPair, sources?: FromIdxOptions['sources']): Dataset {
  return fromIdx(pair.images, pair.labels, {
    name: 'fashion-mnist',
    classNames: FASHION_MNIST_CLASSES,
    imageSize: [28, 28],
    sources,
  });
}

/**
 * The official train/test split, subsampled as asked: `trainSize` / `testSize` take seeded,
 * stratified subsets, from one generator (so the test subset never depends on a re-seed).
 */
export function subsampleSplit(
  fn: string,
  split: DatasetSplit,
  options: Pick<FashionMnistOptions, 'trainSize' | 'testSize' | 'seed'>,
): DatasetSplit {
  let { train, test } = split;
  const gen = new Generator(options.seed ?? 0);
  if (options.trainSize !== undefined) {
    checkInteger(fn, 'trainSize', options.trainSize, 0);
    train = sampleSubset(train, options.trainSize, gen);
  }
  if (options.testSize !== undefined) {
    checkInteger(fn, 'testSize', options.testSize, 0);
    test = sampleSubset(test, options.testSize, gen);
  }
  return { train, test };
}

/**
 * Fashion-MNIST from the bytes of its four IDX files (fetched in a browser, say), with the same
 * seeded subsets as Node's `loadFashionMnist`.
 *
 * @example const split = data.fashionMnistFromIdx({ train: { images, labels }, test: { images: ti, labels: tl } }, { trainSize: 10000 });
 */
export function fashionMnistFromIdx(
  parts: { train: IdxPair; test: IdxPair },
  options: Pick<FashionMnistOptions, 'trainSize' | 'testSize' | 'seed'> = {},
): DatasetSplit {
  const split = { train: fashionMnistPart(parts.train), test: fashionMnistPart(parts.test) };
  return subsampleSplit('fashionMnistFromIdx', split, options);
}
