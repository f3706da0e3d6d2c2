/**
 * Fashion-MNIST (Zalando, 70,000 28×28 grey images of 10 clothing classes) from its IDX files,
 * as Debian's `dataset-fashion-mnist` package installs them (Node only; from bytes in any host:
 * fashionMnistFromIdx in fashion-mnist-idx.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset, DatasetCache, DatasetSplit } from '../dataset.js';
import { DatasetNotFoundError } from '../errors.js';
import { fashionMnistPart, subsampleSplit, type FashionMnistOptions } from '../fashion-mnist-idx.js';
import { readIdxFile } from './idx-file.js';

export { FASHION_MNIST_CLASSES, type FashionMnistOptions } from '../fashion-mnist-idx.js';

/** Where `apt-get install -y dataset-fashion-mnist` puts the files. */
export const DEFAULT_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/**
 * Loads Fashion-MNIST with its official 60k/10k train/test split, optionally subsampled.
 *
 * @returns images `[n, 1, 28, 28]` scaled to 0..1 (byte / 255), labels 0–9 with `classNames`.
 * @throws DatasetNotFoundError when the folder or a file is missing, with the install command.
 * @example const { train, test } = loadFashionMnist({ trainSize: 10000, testSize: 2000 });
 */
export function loadFashionMnist(options: FashionMnistOptions = {}): DatasetSplit {
  const { dataDir = DEFAULT_FASHION_MNIST_DIR } = options;
  const split = {
    train: readFashionPart(dataDir, 'train', options.cache),
    test: readFashionPart(dataDir, 't10k', options.cache),
  };
  return subsampleSplit('loadFashionMnist', split, options);
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
  const pair = { images: readIdxFile(imagesPath), labels: readIdxFile(labelsPath) };
  const ds = fashionMnistPart(pair, { images: imagesPath, labels: labelsPath });
  cache?.set(key, ds);
  return ds;
}
