/**
 * MNIST with a small CNN in PyTorch style: two 3×3 convolutions (16 and 32 channels) each
 * followed by ReLU and 2×2 max-pooling, then a 128-unit hidden layer; Adam, on the seeded
 * 8,000 / 2,000 split.
 *
 *   npx tsx examples/mnist-cnn.ts [--epochs 8] [--batch-size 64] [--lr 1e-3] [--seed 0]
 */
import { data, models } from '../src/node.js';
import { options, run } from './common.js';

const o = options({ epochs: 8, batchSize: 64, lr: 1e-3, logEvery: 50 });
const split = data.loadMnist({ trainSize: o.trainSize ?? 8000, testSize: o.testSize ?? 2000, seed: 0 });
// The small CNN of `actlab train --model cnn`: conv3×3(16)-relu-pool-conv3×3(32)-relu-pool-128-relu-10.
const cnn = { kind: 'cnn', inputShape: [1, 28, 28], classes: 10, activation: { id: 'relu' } } as const;
run('MNIST CNN', split, () => models.buildModel(cnn), o);
