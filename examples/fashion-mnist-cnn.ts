/**
 * Fashion-MNIST with the small CNN of mnist-cnn.ts (conv 16 → pool → conv 32 → pool → 128 → 10,
 * ReLU, Adam), trained on the 60,000 training images and tested on the official 10,000.
 *
 *   npx tsx examples/fashion-mnist-cnn.ts [--epochs 5] [--train-size 60000] [--data-dir DIR]
 */
import { data, models } from '../src/node.js';
import { options, run } from './common.js';

const o = options({ epochs: 5, batchSize: 64, lr: 1e-3, logEvery: 50 });
const split = data.loadFashionMnist({ dataDir: o.dataDir, trainSize: o.trainSize, testSize: o.testSize, seed: 0 });
// The small CNN of `actlab train --model cnn`: conv3×3(16)-relu-pool-conv3×3(32)-relu-pool-128-relu-10.
const cnn = { kind: 'cnn', inputShape: [1, 28, 28], classes: 10, activation: { id: 'relu' } } as const;
run('Fashion-MNIST CNN', split, () => models.buildModel(cnn), o);
