/** Regression losses: MSE, L1, smooth L1 and Huber, each elementwise then reduced. */
import type { Tensor } from '../../tensor/tensor.js';
import { abs, le, lt, mul, neg, square, sub, where } from '../../ops/index.js';
import { checkFloatTensor, checkNumber } from './args.js';
import { checkBroadcast, reduce } from './reduction.js';
import type { LossOptions } from './reduction.js';

function diff(input: Tensor, target: Tensor, op: string): Tensor {
  checkFloatTensor(input, op, 'input');
  checkFloatTensor(target, op, 'target');
  checkBroadcast(input, target, op);
  return sub(input, target);
}

/**
 * Mean squared error: $\ell = (x - y)^2$, reduced.
 * @example F.mseLoss(pred, target) // 0-d tensor
 */
export function mseLoss(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  return reduce(square(diff(input, target, 'mseLoss')), options.reduction, 'mseLoss');
}

/** Mean absolute error: $\ell = |x - y|$ (gradient 0 where x = y, as torch's sign). */
export function l1Loss(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  return reduce(abs(diff(input, target, 'l1Loss')), options.reduction, 'l1Loss');
}

export interface SmoothL1Options extends LossOptions {
  /** Where the quadratic part turns linear (default 1; 0 gives L1). */
  beta?: number;
}

/**
 * Smooth L1: $\ell = 0.5 d^2/\beta$ for $|d| < \beta$, else $|d| - 0.5\beta$ (Girshick, Fast R-CNN).
 * Equals HuberLoss divided by beta.
 */
export function smoothL1Loss(input: Tensor, target: Tensor, options: SmoothL1Options = {}): Tensor {
  const beta = checkNumber(options.beta ?? 1, 'smoothL1Loss', 'beta', 0);
  const d = diff(input, target, 'smoothL1Loss');
  const a = abs(d);
  // beta = 0 is |d|, but with torch's backward (x <= −beta ? −1 : x >= beta ? 1 : x/beta) the
  // gradient at d = 0 is −1, not abs's 0: where(d ≤ 0, −d, d) has exactly that gradient.
  const loss =
    beta === 0 ? where(le(d, 0), neg(d), d) : where(lt(a, beta), mul(square(d), 0.5 / beta), sub(a, 0.5 * beta));
  return reduce(loss, options.reduction, 'smoothL1Loss');
}

export interface HuberOptions extends LossOptions {
  /** Where the quadratic part turns linear (default 1, must be > 0). */
  delta?: number;
}

/** Huber: $\ell = 0.5 d^2$ for $|d| < \delta$, else $\delta(|d| - 0.5\delta)$. */
export function huberLoss(input: Tensor, target: Tensor, options: HuberOptions = {}): Tensor {
  const delta = checkNumber(options.delta ?? 1, 'huberLoss', 'delta', 0);
  if (delta === 0) throw new RangeError('huberLoss: delta must be positive, got 0');
  const d = diff(input, target, 'huberLoss');
  const a = abs(d);
  const loss = where(lt(a, delta), mul(square(d), 0.5), mul(sub(a, 0.5 * delta), delta));
  return reduce(loss, options.reduction, 'huberLoss');
}
