/** evaluate: loss and accuracy of a model over a dataset, in eval mode and without recording gradients. */
import type { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../autograd/grad-mode.js';
import type { Module } from '../nn/module.js';
import { DataLoader } from '../data/loader.js';
import type { DataSource } from '../data/loader.js';
import { crossEntropy } from '../nn/functional/loss-classification.js';
import { release, tidy } from '../backend/scope.js';

export type LossFn = ((output: Tensor, target: Tensor) => Tensor) | Module<[Tensor, Tensor], Tensor>;

export interface EvaluateOptions {
  /** Default: cross-entropy (mean over the batch). */
  loss?: LossFn;
  /** Default 256. */
  batchSize?: number;
}

export interface EvaluateResult {
  /** Mean loss per sample (batch means weighted by batch size). */
  loss: number;
  /** Fraction of argmax predictions equal to the label (int32 targets with [N, C] outputs). */
  accuracy?: number;
  n: number;
}

export function callLoss(loss: LossFn, output: Tensor, target: Tensor): Tensor {
  return typeof loss === 'function' ? loss(output, target) : loss.forward(output, target);
}

/** Number of rows whose argmax over the last dim equals the int32 label. */
export function countCorrect(output: Tensor, target: Tensor): number | undefined {
  if (target.dtype !== 'int32' || output.ndim !== 2 || target.ndim !== 1 || output.shape[0] !== target.shape[0])
    return undefined;
  const [n, c] = output.shape as [number, number];
  const O = output.data;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < c; j++) if (O[i * c + j]! > O[i * c + best]!) best = j;
    if (best === target.data[i]) correct++;
  }
  return correct;
}

/** Every module's training flag, to restore after an eval pass. */
export function withEval<T>(model: Module<[Tensor], Tensor>, fn: () => T): T {
  const modes = model.namedModules().map(([, m]) => [m, m.training] as const);
  model.eval();
  try {
    return noGrad(fn);
  } finally {
    for (const [m, mode] of modes) m.training = mode;
  }
}

/**
 * Mean loss and accuracy over `data`.
 * @example const { loss, accuracy } = evaluate(model, test);
 */
export function evaluate(
  model: Module<[Tensor], Tensor>,
  data: DataSource | DataLoader,
  options: EvaluateOptions = {},
): EvaluateResult {
  const loader = data instanceof DataLoader ? data : new DataLoader(data, { batchSize: options.batchSize ?? 256 });
  const lossFn = options.loss ?? crossEntropy;
  return withEval(model, () => {
    let total = 0;
    let n = 0;
    let correct: number | undefined = 0;
    for (const { x, y } of loader) {
      // Each batch's tensors are freed when it is done (tidy: WASM storage is not GC-driven).
      const [value, c] = tidy(() => {
        const out = model.forward(x);
        return [callLoss(lossFn, out, y).item(), countCorrect(out, y)] as const;
      }, model);
      release(x, y);
      total += value * x.shape[0]!;
      n += x.shape[0]!;
      correct = c === undefined || correct === undefined ? undefined : correct + c;
    }
    return { loss: total / n, accuracy: correct === undefined ? undefined : correct / n, n };
  });
}
