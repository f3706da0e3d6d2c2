/**
 * The two MNIST classifiers the demo attacks: the same MLP (784-64-10) trained once per activation
 * on the same 2,500 digits, with the same seeds and schedule, so the activation is the only
 * difference; optionally both adversarially trained (FGSM with a random start). Inputs stay in
 * [0, 1] (the attacks' contract). Adam (lr 0.003), batch 64: eight epochs reach about 88 % test
 * accuracy in a few seconds on the WASM backend.
 */
import {
  adversarial,
  F,
  Generator,
  models,
  nn,
  noGrad,
  optim,
  resolveActivation,
  tensor,
  tidy,
  type Tensor,
  type train,
} from '../lib.js';
import { PIXELS, TRAIN, type Digits } from './digits.js';

export const HIDDEN = 64;
export const LR = 0.003;
export const BATCH = 64;

export type Classifier = InstanceType<typeof nn.Sequential>;

/**
 * The MLP `actlab train --hidden 64` builds (models.buildMlp, torch's Linear init) from a seeded generator.
 * @throws RangeError naming the activation when it is unknown.
 */
export function buildClassifier(act: string, seed: number): Classifier {
  return models.buildMlp({
    inputShape: [PIXELS],
    hidden: [HIDDEN],
    classes: 10,
    activation: resolveActivation(act),
    generator: new Generator(seed),
  });
}

/** The digits `index` as tensors (x in [0, 1], int32 labels). */
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
 * One epoch (1-based `epoch`) of training over the first TRAIN digits, in the order of `order`;
 * returns the mean loss. `transform` (adversarial training) replaces each batch before the step,
 * as `train.fit`'s transformBatch does. Each step runs in a `tidy` (the wasm backend frees the
 * step's tensors).
 */
export function trainEpoch(
  model: Classifier,
  opt: optim.Adam,
  d: Digits,
  order: Generator,
  epoch = 1,
  transform?: train.BatchTransform,
): number {
  const perm = order.permutation(TRAIN);
  const batches = Math.ceil(TRAIN / BATCH);
  let sum = 0;
  for (let b = 0; b < batches; b++) {
    sum += tidy(
      () => {
        const { x, y } = batchOf(d, perm.subarray(b * BATCH, Math.min(TRAIN, (b + 1) * BATCH)));
        // The attack puts the model in eval mode and restores it: the step itself runs in training mode.
        const input = transform
          ? transform(x, y, { model, epoch, step: (epoch - 1) * batches + b + 1, batch: b + 1, batches })
          : x;
        model.train();
        opt.zeroGrad();
        const loss = F.crossEntropy(model.forward(input), y);
        loss.backward();
        opt.step();
        return loss.item();
      },
      model,
      opt,
    );
  }
  model.eval();
  return sum / batches;
}

/**
 * FGSM adversarial training with a random start ("fast" adversarial training, Wong, Rice & Kolter
 * 2020: δ ~ U(−ε, ε), one signed step of 1.25ε) at radius `eps`, the library's
 * `adversarial.adversarialTraining`; undefined for eps = 0 (clean training).
 */
export const fgsmTraining = (eps: number, seed: number): train.BatchTransform | undefined =>
  eps > 0 ? adversarial.adversarialTraining({ attack: 'fgsm', eps, generator: new Generator(seed + 2) }) : undefined;

/** A fresh optimizer and batch order for a classifier built with `seed` (the order uses seed + 1). */
export const trainingState = (model: Classifier, seed: number) => ({
  opt: new optim.Adam(model.parameters(), { lr: LR }),
  order: new Generator(seed + 1),
});

/** Softmax probabilities of each row of `x` ([N, 784]), row-major [N, 10]. */
export function probabilities(model: Classifier, x: Tensor): Float32Array {
  return tidy(() => noGrad(() => Float32Array.from(F.softmax(model.forward(x), { dim: 1 }).data)));
}

/** Index of the largest value of each row of 10. */
export function argmaxRows(probs: Float32Array): Int32Array {
  const n = probs.length / 10;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < 10; j++) if (probs[i * 10 + j]! > probs[i * 10 + best]!) best = j;
    out[i] = best;
  }
  return out;
}

/** Accuracy of the model on the digits `index`. */
export function accuracy(model: Classifier, d: Digits, index: ArrayLike<number>): number {
  const pred = argmaxRows(tidy(() => probabilities(model, batchOf(d, index).x)));
  let right = 0;
  for (let k = 0; k < index.length; k++) if (pred[k] === d.labels[index[k]!]) right++;
  return right / index.length;
}
