/**
 * Fashion-MNIST with the small CNN of mnist-cnn.ts (conv 16 → pool → conv 32 → pool → 128 → 10,
 * ReLU, Adam), trained on the 60,000 training images and tested on the official 10,000.
 *
 *   npx tsx examples/fashion-mnist-cnn.ts [--epochs 5] [--train-size 60000] [--data-dir DIR]
 */
import { data, nn } from '../src/node.js';
import { options, run } from './common.js';
import { smallCnn } from './cnn.js';

const o = options({ epochs: 5, batchSize: 64, lr: 1e-3, logEvery: 50 });
const split = data.loadFashionMnist({ dataDir: o.dataDir, trainSize: o.trainSize, testSize: o.testSize, seed: 0 });
run('Fashion-MNIST CNN', split, () => smallCnn(() => new nn.ReLU()), o);
