/** Regression losses: MSE, L1, smooth L1 and Huber, each elementwise then reduced. */
import type { Tensor } from '../../tensor/tensor.js';
import { abs, add, gt, lt, mul, neg, square, sub, where } from '../../ops/index.js';
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

/**
 * |d| for smooth L1 at beta = 0, with torch's gradients at the tie. torch's backward applies
 * k(u) = u ≤ −β ? −1 : u ≥ β ? 1 : u/β to x − y for the input and to y − x for the target, so at
 * β = 0 and x = y BOTH gradients are −1 (l1Loss gives 0 and 0). The tie branch s̄ − s with
 * s = x + y and s̄ its detached copy is exactly 0 with gradient −1 to each.
 */
function l1WithTorchTie(input: Tensor, target: Tensor, d: Tensor): Tensor {
  const s = add(input, target);
  return where(lt(d, 0), neg(d), where(gt(d, 0), d, sub(s.detach(), s)));
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
  const loss =
    beta === 0 ? l1WithTorchTie(input, target, d) : where(lt(a, beta), mul(square(d), 0.5 / beta), sub(a, 0.5 * beta));
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
