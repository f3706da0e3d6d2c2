/**
 * The two MNIST classifiers the demo attacks: the same MLP (784-128-10) trained with ReLU and
 * with a smooth activation, on the same 2,500 digits, seeds and schedule, so the activation is the
 * only difference. Inputs stay in [0, 1] (the attacks' contract); Adam, 8 epochs, batch 64.
 */
import { F, Generator, nn, noGrad, optim, resolveActivation, tensor, tidy, type Tensor } from '../lib.js';
import { PIXELS, TRAIN, type Digits } from './digits.js';

export const HIDDEN = 128;
export const EPOCHS = 8;
const BATCH = 64;

export type Classifier = InstanceType<typeof nn.Sequential>;

/** The hidden layer's activation module, parameters at their defaults. */
function activationLayer(name: string): InstanceType<typeof nn.Activation> {
  const act = resolveActivation(name);
  return new nn.Activation(act.spec, act.moduleOptions);
}

export function buildClassifier(act: string, seed: number): Classifier {
  const generator = new Generator(seed);
  return new nn.Sequential(
    new nn.Linear(PIXELS, HIDDEN, { generator }),
    activationLayer(act),
    new nn.Linear(HIDDEN, 10, { generator }),
  );
}

/** Rows [from, to) of the digits as tensors (x in [0, 1], int32 labels). */
export function batchOf(d: Digits, index: ArrayLike<number>): { x: Tensor; y: Tensor } {
  const x = new Float32Array(index.length * PIXELS);
  const y = new Int32Array(index.length);
  for (let k = 0; k < index.length; k++) {
    const i = index[k]!;
    x.set(d.pixels.subarray(i * PIXELS, (i + 1) * PIXELS), k * PIXELS);
    y[k] = d.labels[i]!;
  }
  return { x: tensor(x, { shape: [index.length, PIXELS] }), y: tensor(y, { shape: [index.length], dtype: 'int32' }) };
}

/** Test digit indices: everything after the training digits. */
export const testIndices = (d: Digits): Int32Array => Int32Array.from({ length: d.count - TRAIN }, (_, k) => TRAIN + k);

/**
 * Trains a classifier; `progress(epoch, loss)` after each epoch. Each step runs in a `tidy`
 * (the wasm backend frees the step's tensors).
 */
export function trainClassifier(
  model: Classifier,
  d: Digits,
  seed: number,
  progress: (epoch: number, loss: number) => void,
): void {
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const order = new Generator(seed + 1);
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    const perm = order.permutation(TRAIN);
    let sum = 0;
    let batches = 0;
    for (let s = 0; s < TRAIN; s += BATCH) {
      sum += tidy(
        () => {
          const { x, y } = batchOf(d, perm.subarray(s, Math.min(TRAIN, s + BATCH)));
          opt.zeroGrad();
          const loss = F.crossEntropy(model.forward(x), y);
          loss.backward();
          opt.step();
          return loss.item();
        },
        model,
        opt,
      );
      batches++;
    }
    progress(epoch, sum / batches);
  }
  model.eval();
}

/** Softmax probabilities of each row of `x` ([N, 784]). */
export function probabilities(model: Classifier, x: Tensor): Float32Array {
  return tidy(() => noGrad(() => Float32Array.from(F.softmax(model.forward(x), { dim: 1 }).data)));
}

/** Accuracy of the model on the digits `index`. */
export function accuracy(model: Classifier, d: Digits, index: ArrayLike<number>): number {
  const probs = tidy(() => probabilities(model, batchOf(d, index).x));
  let right = 0;
  for (let k = 0; k < index.length; k++) {
    const row = probs.subarray(k * 10, (k + 1) * 10);
    if (row.indexOf(Math.max(...row)) === d.labels[index[k]!]) right++;
  }
  return right / index.length;
}
