/**
 * FGSM, the Fast Gradient Sign Method (Goodfellow, Shlens & Szegedy 2015): one step of size ε
 * along the sign of the input gradient of the loss, $x' = \mathrm{clip}(x + ε\,\mathrm{sign}(∇_x L(f(x), y)))$.
 */
import type { Tensor } from '../tensor/tensor.js';
import type { FloatArray, FloatDType } from '../tensor/dtype.js';
import { attackLosses, type AttackLoss } from './losses.js';
import { inputGradient, toTensor, withAttackMode } from './gradient.js';
import {
  checkChoice,
  checkClip,
  checkEps,
  checkInputs,
  labelsOf,
  type AttackModel,
  type CommonAttackOptions,
} from './options.js';

export interface FgsmOptions extends CommonAttackOptions {
  /** L∞ radius: each input value moves by at most eps. */
  eps: number;
  /** Loss whose gradient sign is followed (default 'ce', cross-entropy). */
  loss?: AttackLoss;
}

/**
 * The FGSM adversarial version of `x` (labels `y`): a new, detached tensor of x's shape and dtype.
 * `x` is not modified; the model runs in eval mode (restored after) with its parameter gradients untouched.
 *
 * @param x - inputs in [0, 1] (or `clip`); normalisation belongs inside the model.
 * @param y - int32 class labels `[N]`.
 * @example const xAdv = adversarial.fgsm(model, x, y, { eps: 0.1 });
 * @see Goodfellow et al. 2015, "Explaining and Harnessing Adversarial Examples", arXiv 1412.6572
 */
export function fgsm(model: AttackModel, x: Tensor, y: Tensor, options: FgsmOptions): Tensor {
  const op = 'fgsm';
  const eps = checkEps(options?.eps, op);
  const loss = checkChoice(options.loss ?? 'ce', op, 'loss', attackLosses);
  const clip = checkClip(options.clip, op);
  checkInputs(x, y, clip, op);
  const xs = x.data as FloatArray;
  const batch = { model, shape: x.shape, dtype: x.dtype as FloatDType, y: labelsOf(y), op };
  const adv = withAttackMode(model, options.keepTrainMode ?? false, () => {
    const { grad } = inputGradient(batch, xs, loss, 'mean');
    const out = xs.slice();
    const [lo, hi] = clip;
    for (let j = 0; j < out.length; j++) out[j] = Math.min(hi, Math.max(lo, xs[j]! + eps * Math.sign(grad[j]!)));
    return out;
  });
  return toTensor(adv, x.shape, x.dtype as FloatDType);
}
