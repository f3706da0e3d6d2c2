/** Distribution and embedding losses: KL divergence, margin ranking, triplet margin, cosine embedding. */
import type { Tensor } from '../../tensor/tensor.js';
import { fmtShape } from '../../tensor/shape.js';
import {
  abs,
  add,
  clamp,
  div,
  eq,
  exp,
  log,
  max,
  minimum,
  mul,
  ne,
  neg,
  pow,
  sqrt,
  square,
  squeeze,
  sub,
  sum,
  where,
} from '../../ops/index.js';
import { checkFloatTensor, checkNumber, checkTensor } from './args.js';
import { checkBroadcast, checkReduction, reduce } from './reduction.js';
import type { LossOptions, Reduction } from './reduction.js';

export interface KlDivOptions {
  /** 'mean' averages over every element (torch's default, rarely what is meant); 'batchmean'
   *  divides the sum by the batch size, which is the true KL divergence per sample. */
  reduction?: Reduction | 'batchmean';
  /** The target is given as log-probabilities (default false). */
  logTarget?: boolean;
}

/**
 * Kullback–Leibler divergence $\ell = y(\log y - x)$ with `input` x as log-probabilities
 * (0 where y = 0, as torch's xlogy), or $e^{y}(y - x)$ with `logTarget` (0 where y = −∞).
 * @example F.klDiv(F.logSoftmax(logits, { dim: 1 }), probs, { reduction: 'batchmean' })
 */
export function klDiv(input: Tensor, target: Tensor, options: KlDivOptions = {}): Tensor {
  const op = 'klDiv';
  checkFloatTensor(input, op, 'input');
  checkFloatTensor(target, op, 'target');
  checkBroadcast(input, target, op);
  const reduction = checkReduction(options.reduction ?? 'mean', op, ['mean', 'batchmean', 'sum', 'none']);
  // An element whose target probability is 0 (y = 0, or log y = −∞) contributes 0 and passes no
  // gradient, whatever the input (even −∞): KL sums over the target's support. torch agrees on the
  // value for finite inputs but gives NaN for the target's gradient there (xlogy's y/y), and NaN
  // values for a −∞ input or a −∞ log-target (0·∞); see LOSS_DIFFERENCES. The inputs are masked
  // before the math so that no 0·∞ reaches the backward pass either.
  const zero = options.logTarget ? eq(target, -Infinity) : eq(target, 0);
  const x = where(zero, 0, input);
  let loss: Tensor;
  if (options.logTarget) {
    const t = where(zero, 0, target);
    loss = where(zero, 0, mul(exp(t), sub(t, x)));
  } else {
    const y = where(zero, 1, target);
    loss = where(zero, 0, mul(y, sub(log(y), x)));
  }
  if (reduction === 'batchmean') {
    const total = sum(loss);
    return input.ndim === 0 ? total : div(total, input.shape[0]!);
  }
  return reduce(loss, reduction as Reduction, op);
}

export interface MarginRankingOptions extends LossOptions {
  /** Required gap between the ranked scores (default 0). */
  margin?: number;
}

/** Ranking hinge: $\ell = \max(0, -y(x_1 - x_2) + \text{margin})$ with y = ±1 saying which should rank higher. */
export function marginRankingLoss(
  input1: Tensor,
  input2: Tensor,
  target: Tensor,
  options: MarginRankingOptions = {},
): Tensor {
  const op = 'marginRankingLoss';
  checkFloatTensor(input1, op, 'input1');
  checkFloatTensor(input2, op, 'input2');
  checkTensor(target, op, 'target');
  if (input1.ndim !== input2.ndim || input1.ndim !== target.ndim) {
    throw new RangeError(
      `${op}: input1 ${fmtShape(input1.shape)}, input2 ${fmtShape(input2.shape)} and target ${fmtShape(target.shape)} must have the same number of dimensions`,
    );
  }
  checkBroadcast(input1, input2, op, ['input1', 'input2']);
  checkBroadcast(input1, target, op, ['input1', 'target']);
  const margin = checkNumber(options.margin ?? 0, op, 'margin');
  return reduce(clamp(add(mul(neg(target), sub(input1, input2)), margin), 0), options.reduction, op);
}

export interface PairwiseDistanceOptions {
  /** Norm degree ≥ 0 (default 2); 0 counts the nonzero entries, Infinity takes the largest |entry|. */
  p?: number;
  /** Added to the difference to avoid a zero norm (default 1e-6). */
  eps?: number;
  keepdim?: boolean;
}

/** f(s) where s ≠ 0, and 0 with a zero gradient where s = 0 (f′(0) may be ∞, and ∞·0 = NaN). */
function zeroAtZero(s: Tensor, f: (s: Tensor) => Tensor): Tensor {
  const zero = eq(s, 0);
  return where(zero, 0, f(where(zero, 1, s)));
}

/**
 * The p-norm of `d` along `dim` with torch's norm backward: the gradient is 0 where the norm is 0
 * (the subgradient of a norm at 0 that torch picks), not ∞·0 = NaN; for p < 1 also where an entry
 * is 0. p = ∞ spreads the gradient evenly over the tied largest entries, p = 0 has none.
 */
function pNorm(d: Tensor, p: number, dim: number, keepdim: boolean): Tensor {
  if (p === 0) return sum(ne(d, 0), dim, keepdim);
  const a = abs(d);
  if (p === 1) return sum(a, dim, keepdim); // abs′(0) = 0 already
  if (p === Infinity) {
    // max + Σ (|d| − max)·tie/ties: the value is exactly the max, the gradient tie/ties.
    const m = max(a, dim, true).detach();
    const tie = eq(a, m);
    const spread = div(mul(sub(a, m), tie), sum(tie, dim, true));
    return add(keepdim ? m : squeeze(m, dim), sum(spread, dim, keepdim));
  }
  const s = sum(p === 2 ? square(d) : p < 1 ? zeroAtZero(a, (v) => pow(v, p)) : pow(a, p), dim, keepdim);
  return zeroAtZero(s, p === 2 ? sqrt : (v) => pow(v, 1 / p));
}

/** $\lVert x_1 - x_2 + \epsilon \rVert_p$ over the last dim (torch.nn.functional.pairwise_distance). */
export function pairwiseDistance(x1: Tensor, x2: Tensor, options: PairwiseDistanceOptions = {}): Tensor {
  const op = 'pairwiseDistance';
  checkFloatTensor(x1, op, 'x1');
  checkFloatTensor(x2, op, 'x2');
  checkBroadcast(x1, x2, op, ['x1', 'x2']);
  const p = checkNumber(options.p ?? 2, op, 'p', 0);
  const eps = checkNumber(options.eps ?? 1e-6, op, 'eps');
  const dim = Math.max(x1.ndim, x2.ndim) - 1;
  return pNorm(add(sub(x1, x2), eps), p, dim, options.keepdim ?? false);
}

export interface TripletMarginOptions extends LossOptions {
  margin?: number;
  p?: number;
  eps?: number;
  /** Use min(d(a, n), d(p, n)) as the negative distance (Balntas et al., 2016). */
  swap?: boolean;
}

/**
 * Triplet loss: $\ell = \max(d(a, p) - d(a, n) + \text{margin}, 0)$ with d the p-norm distance.
 * Defaults margin 1, p 2, eps 1e-6, swap false.
 * @see Schroff et al., "FaceNet", 2015
 */
export function tripletMarginLoss(
  anchor: Tensor,
  positive: Tensor,
  negative: Tensor,
  options: TripletMarginOptions = {},
): Tensor {
  const op = 'tripletMarginLoss';
  checkFloatTensor(anchor, op, 'anchor');
  checkFloatTensor(positive, op, 'positive');
  checkFloatTensor(negative, op, 'negative');
  if (anchor.ndim !== positive.ndim || anchor.ndim !== negative.ndim) {
    throw new RangeError(
      `${op}: anchor ${fmtShape(anchor.shape)}, positive ${fmtShape(positive.shape)} and negative ${fmtShape(negative.shape)} must have the same number of dimensions`,
    );
  }
  const margin = checkNumber(options.margin ?? 1, op, 'margin');
  const dist = { p: checkNumber(options.p ?? 2, op, 'p', 0), eps: checkNumber(options.eps ?? 1e-6, op, 'eps') };
  const dPos = pairwiseDistance(anchor, positive, dist);
  let dNeg = pairwiseDistance(anchor, negative, dist);
  if (options.swap) dNeg = minimum(dNeg, pairwiseDistance(positive, negative, dist));
  return reduce(clamp(sub(add(dPos, margin), dNeg), 0), options.reduction, op);
}

export interface CosineEmbeddingOptions extends LossOptions {
  /** Cosine below which dissimilar pairs cost nothing (default 0; −1..1). */
  margin?: number;
}

/**
 * Cosine embedding loss: $1 - \cos(x_1, x_2)$ for y = 1, $\max(0, \cos(x_1, x_2) - \text{margin})$ for y = −1.
 * Inputs `[N, D]` with target `[N]`, or `[D]` with a 0-d target.
 */
export function cosineEmbeddingLoss(
  input1: Tensor,
  input2: Tensor,
  target: Tensor,
  options: CosineEmbeddingOptions = {},
): Tensor {
  const op = 'cosineEmbeddingLoss';
  checkFloatTensor(input1, op, 'input1');
  checkFloatTensor(input2, op, 'input2');
  checkTensor(target, op, 'target');
  const margin = checkNumber(options.margin ?? 0, op, 'margin', -1, 1);
  if (target.ndim > 1) throw new RangeError(`${op}: target must be 0-D or 1-D, got shape ${fmtShape(target.shape)}`);
  const want = target.ndim + 1;
  if (input1.ndim !== want || input2.ndim !== want) {
    throw new RangeError(
      `${op}: a ${target.ndim}-D target expects ${want}-D inputs, got input1 ${fmtShape(input1.shape)} and input2 ${fmtShape(input2.shape)}`,
    );
  }
  checkBroadcast(input1, input2, op, ['input1', 'input2']);
  if (target.ndim === 1 && target.shape[0] !== input1.shape[0]) {
    throw new RangeError(
      `${op}: target has ${target.shape[0]} entries but the inputs have batch size ${input1.shape[0]}`,
    );
  }
  const dim = target.ndim;
  // torch adds 1e-12 to each squared magnitude so a zero vector gives cos = 0, not NaN. It is a
  // C++ float constant, so even float64 math adds fround(1e-12): with a zero vector the gradient
  // is ~1/√EPS, and the rounding shows at 2e-9 relative.
  const EPS = Math.fround(1e-12);
  const dot = sum(mul(input1, input2), dim);
  const denom = sqrt(mul(add(sum(square(input1), dim), EPS), add(sum(square(input2), dim), EPS)));
  const cos = div(dot, denom);
  const pos = where(eq(target, 1), sub(1, cos), 0);
  const negPart = where(eq(target, -1), clamp(sub(cos, margin), 0), 0);
  return reduce(add(pos, negPart), options.reduction, op);
}
