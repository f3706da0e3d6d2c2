/**
 * How an attack talks to the model: under `withAttackMode` (eval mode unless asked otherwise,
 * gradients recorded even inside `noGrad`, parameters frozen) it asks `inputGradient` for the
 * loss of every sample and the gradient w.r.t. the input at a point, and `predict` for the labels.
 *
 * Freezing the parameters (`requiresGrad = false` for the attack's duration) is how their `.grad`
 * stays untouched: the tape then has no path to them, so backward neither accumulates into nor
 * computes weight gradients (a third of a training step's work saved on convolutions).
 *
 * Attack state (the adversarial points) lives in plain typed arrays of x's dtype; each model call
 * copies one point in, runs inside `tidy` (WASM storage is freed per call, not by the GC) and
 * copies the gradient out.
 */
import { Tensor } from '../tensor/tensor.js';
import type { FloatArray, FloatDType } from '../tensor/dtype.js';
import { enableGrad, noGrad } from '../autograd/grad-mode.js';
import { getBackend } from '../backend/registry.js';
import { tidy } from '../backend/scope.js';
import { logitLoss, type AttackLoss } from './losses.js';
import { checkLogits, type AttackModel } from './options.js';

/**
 * Runs `fn` with `model` in eval mode (unless `keepTrainMode`), every parameter frozen and grad
 * recording on; restores the modes and flags afterwards, also on a throw.
 */
export function withAttackMode<T>(model: AttackModel, keepTrainMode: boolean, fn: () => T): T {
  const modes = model.namedModules().map(([, m]) => [m, m.training] as const);
  const params = model.parameters();
  const flags = params.map((p) => p.requiresGrad);
  if (!keepTrainMode) model.eval();
  for (const p of params) p.requiresGrad = false;
  try {
    return enableGrad(fn);
  } finally {
    params.forEach((p, i) => (p.requiresGrad = flags[i]!));
    for (const [m, mode] of modes) m.training = mode;
  }
}

/** A batch of points and their labels, as the attack loops see it. */
export interface AttackBatch {
  model: AttackModel;
  /** Shape of the batch, `[n, ...features]`. */
  shape: readonly number[];
  dtype: FloatDType;
  y: Int32Array;
  op: string;
}

export interface PointEvaluation {
  /** Each sample's own loss (not divided by n). */
  loss: Float64Array;
  /** Predicted class of each sample. */
  pred: Int32Array;
}

export interface PointGradient extends PointEvaluation {
  /** Gradient of the reduced loss w.r.t. the point, same layout as the point. */
  grad: FloatArray;
}

/** A new tensor (backend storage, no tape) holding `values · scale`: an attack's result is `toTensor(adv, x.shape, x.dtype)`. */
export function toTensor(values: ArrayLike<number>, shape: readonly number[], dtype: FloatDType, scale = 1): Tensor {
  const data = getBackend(dtype).alloc(dtype, values.length);
  if (scale === 1) data.set(values);
  else for (let i = 0; i < values.length; i++) data[i] = values[i]! * scale;
  return new Tensor(data, shape, dtype);
}

/**
 * Loss of every sample at `point` and the gradient w.r.t. the point of their mean (torchattacks'
 * `CrossEntropyLoss()`) or sum (APGD's `loss_indiv.sum()`); the reduction only scales the gradient.
 */
export function inputGradient(
  b: AttackBatch,
  point: FloatArray,
  kind: AttackLoss,
  reduction: 'mean' | 'sum',
): PointGradient {
  return tidy(() => {
    const x = toTensor(point, b.shape, b.dtype);
    x.requiresGrad = true;
    const logits = b.model.forward(x);
    const c = checkLogits(logits, b.y, b.y.length, b.op);
    const { loss, grad, pred } = logitLoss(kind, logits.data, b.y, c, b.op);
    if (logits.requiresGrad)
      logits.backward(
        toTensor(grad, logits.shape, logits.dtype as FloatDType, reduction === 'mean' ? 1 / b.y.length : 1),
      );
    // A model whose output ignores its input has a zero input gradient.
    const g = x.grad
      ? (x.grad.data as FloatArray).slice()
      : point instanceof Float64Array
        ? new Float64Array(point.length)
        : new Float32Array(point.length);
    return { grad: g, loss, pred };
  });
}

/** Loss and predicted class of every sample at `point`, without recording. */
export function predict(b: AttackBatch, point: FloatArray, kind: AttackLoss): PointEvaluation {
  return noGrad(() =>
    tidy(() => {
      const logits = b.model.forward(toTensor(point, b.shape, b.dtype));
      const c = checkLogits(logits, b.y, b.y.length, b.op);
      const { loss, pred } = logitLoss(kind, logits.data, b.y, c, b.op);
      return { loss, pred };
    }),
  );
}
