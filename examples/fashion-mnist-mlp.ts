/**
 * Fashion-MNIST with a multilayer perceptron: 784-256-256-10, ReLU, Adam, trained on the 60,000
 * training images and tested on the official 10,000 (needs `apt-get install -y
 * dataset-fashion-mnist`, or `--data-dir` pointing at the four IDX files).
 *
 *   npx tsx examples/fashion-mnist-mlp.ts [--epochs 10] [--train-size 60000] [--data-dir DIR]
 */
import { data, nn } from '../src/node.js';
import { options, run } from './common.js';

const o = options({ epochs: 10, batchSize: 64, lr: 1e-3 });
const split = data.loadFashionMnist({ dataDir: o.dataDir, trainSize: o.trainSize, testSize: o.testSize, seed: 0 });
run(
  'Fashion-MNIST MLP',
  split,
  () =>
    new nn.Sequential(
      new nn.Flatten(),
      new nn.Linear(784, 256),
      new nn.ReLU(),
      new nn.Linear(256, 256),
      new nn.ReLU(),
      new nn.Linear(256, 10),
    ),
  o,
);
