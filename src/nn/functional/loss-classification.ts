/**
 * Classification losses: NLL and cross-entropy over class dim 1, binary cross-entropy on
 * probabilities and on logits. Cross-entropy and BCE-with-logits work from logits through
 * log-sum-exp and softplus, so no probability is ever rounded to 0 or 1 before its log.
 */
import type { Tensor } from '../../tensor/tensor.js';
import { fmtShape } from '../../tensor/shape.js';
import { empty } from '../../ops/apply.js';
import {
  abs,
  add,
  div,
  exp,
  log1p,
  logsumexp,
  maximum,
  mul,
  neg,
  permute,
  reshape,
  sub,
  sum,
  where,
} from '../../ops/index.js';
import { binaryCrossEntropyRaw } from '../../ops/loss.js';
import { checkFloatTensor, checkNumber, checkTensor } from './args.js';
import { checkBroadcast, checkReduction, checkSameShape, reduce } from './reduction.js';
import type { LossOptions } from './reduction.js';

export interface NllLossOptions extends LossOptions {
  /** Per-class weight `[C]`; a weighted 'mean' divides by the summed weights of the targets. */
  weight?: Tensor | null;
  /** Targets equal to this contribute nothing and are left out of the mean (default -100). */
  ignoreIndex?: number;
}

export interface CrossEntropyOptions extends NllLossOptions {
  /** Mix the one-hot target with the uniform distribution: (1 − ε)·onehot + ε/C (default 0). */
  labelSmoothing?: number;
}

/** [*, C, *] → [M, C] with the class dim last; the C scores of one sample per row. */
function classLast(x: Tensor): Tensor {
  if (x.ndim === 1) return reshape(x, [1, x.shape[0]!]);
  if (x.ndim === 2) return x;
  const perm = [0, ...Array.from({ length: x.ndim - 2 }, (_, i) => i + 2), 1];
  return reshape(permute(x, perm), [-1, x.shape[1]!]);
}

/** Class-index targets checked against the input, and the per-row weight masks they imply. */
interface IndexTargets {
  /** [M, C]: w[t] at (i, tᵢ), 0 elsewhere and on ignored rows. */
  pick: Tensor;
  /** [M, C]: 1 at (i, tᵢ) of the rows that are not ignored (also where w[tᵢ] = 0), else 0. */
  picked: Tensor;
  /** Σ w[tᵢ] over rows that are not ignored: the divisor of 'mean'. */
  totalWeight: number;
  /** 1 on rows that are not ignored. */
  valid: Uint8Array;
  /** [M, 1]: `valid` as a tensor, to mask whole rows. */
  validRows: Tensor;
  targetShape: readonly number[];
}

function indexTargets(
  input: Tensor,
  target: Tensor,
  weight: Tensor | null,
  ignoreIndex: number,
  op: string,
): IndexTargets {
  const batch = input.ndim === 1 ? [] : [input.shape[0]!, ...input.shape.slice(2)];
  if (input.ndim >= 2 && target.ndim >= 1 && target.shape[0] !== input.shape[0]) {
    throw new RangeError(
      `${op}: input batch size ${input.shape[0]} (shape ${fmtShape(input.shape)}) does not match target batch size ${target.shape[0]} (shape ${fmtShape(target.shape)})`,
    );
  }
  if (target.ndim !== batch.length || target.shape.some((d, i) => d !== batch[i])) {
    throw new RangeError(
      `${op}: target of shape ${fmtShape(target.shape)} does not fit input of shape ${fmtShape(input.shape)} (expected target shape ${fmtShape(batch)})`,
    );
  }
  const C = input.ndim === 1 ? input.shape[0]! : input.shape[1]!;
  if (weight && (weight.ndim !== 1 || weight.shape[0] !== C)) {
    throw new RangeError(`${op}: weight must have shape [${C}] (one per class), got ${fmtShape(weight.shape)}`);
  }
  if (!Number.isInteger(ignoreIndex)) throw new RangeError(`${op}: ignoreIndex must be an integer, got ${ignoreIndex}`);
  const T = target.data;
  const M = T.length;
  const pick = empty([M, C], input.dtype);
  const picked = empty([M, C], input.dtype);
  const validRows = empty([M, 1], input.dtype);
  const P = pick.data;
  const valid = new Uint8Array(M);
  let totalWeight = 0;
  for (let i = 0; i < M; i++) {
    const t = T[i]!;
    if (t === ignoreIndex) continue;
    if (!(t >= 0 && t < C)) {
      throw new RangeError(
        `${op}: target ${t} at position ${i} is out of range for ${C} classes (expected 0..${C - 1}, or ignoreIndex ${ignoreIndex})`,
      );
    }
    const w = weight ? weight.data[t]! : 1;
    P[i * C + t] = w;
    picked.data[i * C + t] = 1;
    valid[i] = 1;
    validRows.data[i] = 1;
    totalWeight += w;
  }
  // torch accumulates the total weight in the input's dtype.
  if (input.dtype === 'float32') totalWeight = Math.fround(totalWeight);
  return { pick, picked, totalWeight, valid, validRows, targetShape: target.shape };
}

function checkIndexTarget(input: Tensor, target: Tensor, op: string): void {
  checkFloatTensor(input, op, 'input');
  checkTensor(target, op, 'target');
  if (input.ndim === 0) throw new RangeError(`${op}: input must have a class dimension, got a 0-d tensor`);
}

/**
 * −Σ_c weights·rows over the class dim, reading `rows` only where `mask` is set: a −∞
 * log-probability elsewhere (a masked class, an ignored row) must not turn 0·(−∞) into NaN,
 * and gets no gradient, as in torch's gather-based NLL and its masked smoothing term.
 */
function maskedRowDot(rows: Tensor, weights: Tensor, mask: Tensor): Tensor {
  return neg(sum(mul(where(mask, rows, 0), weights), 1));
}

function reduceRows(perRow: Tensor, t: IndexTargets, reduction: string, divisor: number): Tensor {
  if (reduction === 'none') return reshape(perRow, t.targetShape);
  const total = sum(perRow);
  if (reduction === 'sum') return total;
  // A total weight of 0 (every target ignored, weighted 0, or an empty batch): torch's mean is
  // 0/0 = NaN, and its gradient g·w/0 is NaN at the entries read (w = 0 there) and 0 elsewhere.
  // Multiplying by NaN gives exactly that, since maskedRowDot passes no gradient to other entries.
  return divisor === 0 ? mul(total, NaN) : div(total, divisor);
}

/**
 * Negative log-likelihood of class labels given log-probabilities: $\ell_i = -w_{y_i} x_{i, y_i}$.
 *
 * @param input log-probabilities `[N, C]`, `[C]` or `[N, C, d1, …]`.
 * @param target int32 labels `[N]`, `[]` or `[N, d1, …]` (`tensor(labels, { dtype: 'int32' })`).
 * @param options weight, ignoreIndex (-100), reduction ('mean').
 */
export function nllLoss(input: Tensor, target: Tensor, options: NllLossOptions = {}): Tensor {
  checkIndexTarget(input, target, 'nllLoss');
  if (target.dtype !== 'int32')
    throw new TypeError(`nllLoss: target must hold int32 class labels, got ${target.dtype}`);
  const reduction = checkReduction(options.reduction ?? 'mean', 'nllLoss');
  const t = indexTargets(input, target, options.weight ?? null, options.ignoreIndex ?? -100, 'nllLoss');
  return reduceRows(maskedRowDot(classLast(input), t.pick, t.picked), t, reduction, t.totalWeight);
}

/** log softmax along `dim` by log-sum-exp: x − log Σ eˣ, exact for large |x|. */
function logSoftmax(x: Tensor, dim: number): Tensor {
  return sub(x, logsumexp(x, dim, true));
}

/**
 * Cross-entropy from logits: log-softmax over the class dim, then NLL (class-index targets) or
 * $-\sum_c w_c\, p_c \log q_c$ (probability targets of the input's shape).
 *
 * With label smoothing ε: $(1-ε)\,\ell_{NLL} + \frac{ε}{C}\,\ell_{smooth}$ where
 * $\ell_{smooth,i} = -\sum_c w_c \log q_{i,c}$, reduced like the NLL part (torch's exact formula).
 *
 * @param input logits `[N, C]`, `[C]` or `[N, C, d1, …]`.
 * @param target int32 labels, or float class probabilities shaped like `input`.
 * @example F.crossEntropy(logits, tensor([3, 0], { dtype: 'int32' }), { labelSmoothing: 0.1 })
 */
export function crossEntropy(input: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const op = 'crossEntropy';
  checkIndexTarget(input, target, op);
  const reduction = checkReduction(options.reduction ?? 'mean', op);
  const eps = checkNumber(options.labelSmoothing ?? 0, op, 'labelSmoothing', 0, 1);
  const weight = options.weight ?? null;
  const classDim = input.ndim === 1 ? 0 : 1;
  const C = input.shape[classDim]!;
  const logp = logSoftmax(input, classDim);
  if (target.dtype !== 'int32') {
    // torch: probability targets have no index to ignore; a negative ignoreIndex (the default) is moot.
    const ignoreIndex = options.ignoreIndex ?? -100;
    if (ignoreIndex >= 0)
      throw new TypeError(
        `${op}: ignoreIndex ${ignoreIndex} needs int32 class-index targets; probability targets (${target.dtype}) have no index to ignore`,
      );
    return probabilityCrossEntropy(logp, target, weight, eps, reduction, C, classDim);
  }

  const t = indexTargets(input, target, weight, options.ignoreIndex ?? -100, op);
  const rows = classLast(logp);
  const nll = reduceRows(maskedRowDot(rows, t.pick, t.picked), t, reduction, t.totalWeight);
  if (eps === 0) return nll;
  // Smoothing term: every class of every kept row, weighted by its class weight.
  const M = t.valid.length;
  const spread = empty([M, C], input.dtype);
  const S = spread.data;
  let count = 0;
  for (let i = 0; i < M; i++) {
    if (!t.valid[i]) continue;
    count++;
    for (let c = 0; c < C; c++) S[i * C + c] = weight ? weight.data[c]! : 1;
  }
  const smooth = reduceRows(maskedRowDot(rows, spread, t.validRows), t, reduction, weight ? t.totalWeight : count);
  return add(mul(nll, 1 - eps), mul(smooth, eps / C));
}

function probabilityCrossEntropy(
  logp: Tensor,
  target: Tensor,
  weight: Tensor | null,
  eps: number,
  reduction: string,
  C: number,
  classDim: number,
): Tensor {
  if (target.ndim === logp.ndim - 1) {
    throw new TypeError(
      `crossEntropy: class-index targets must be int32 (tensor(labels, { dtype: 'int32' })), got ${target.dtype}; ` +
        `float targets are class probabilities shaped like the input ${fmtShape(logp.shape)}`,
    );
  }
  checkSameShape(logp, target, 'crossEntropy');
  let p = eps > 0 ? add(mul(target, 1 - eps), eps / C) : target;
  if (weight) {
    if (weight.ndim !== 1 || weight.shape[0] !== C)
      throw new RangeError(`crossEntropy: weight must have shape [${C}], got ${fmtShape(weight.shape)}`);
    p = mul(p, reshape(weight, [C, ...Array<number>(logp.ndim - classDim - 1).fill(1)]));
  }
  const perSample = neg(sum(mul(logp, p), classDim));
  if (reduction === 'none') return perSample;
  const total = sum(perSample);
  return reduction === 'sum' ? total : div(total, logp.numel / C);
}

export interface BceOptions extends LossOptions {
  /** Per-element weight, broadcast to the input. */
  weight?: Tensor | null;
}

/**
 * Binary cross-entropy on probabilities: $\ell = -w\,[y \log x + (1-y)\log(1-x)]$, each log
 * clamped at −100 as torch does. Prefer {@link binaryCrossEntropyWithLogits} for raw scores.
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor, options: BceOptions = {}): Tensor {
  const op = 'binaryCrossEntropy';
  checkFloatTensor(input, op, 'input');
  checkFloatTensor(target, op, 'target');
  checkSameShape(input, target, op);
  for (const [name, t] of [
    ['input', input],
    ['target', target],
  ] as const) {
    const D = t.data;
    for (let i = 0; i < D.length; i++) {
      if (!(D[i]! >= 0 && D[i]! <= 1))
        throw new RangeError(
          `${op}: all elements of ${name} should be between 0 and 1, found ${D[i]} at position ${i}`,
        );
    }
  }
  let loss = binaryCrossEntropyRaw(input, target.dtype === input.dtype ? target : target.to(input.dtype));
  if (options.weight) {
    checkBroadcast(loss, options.weight, op, ['input', 'weight']);
    loss = mul(loss, options.weight);
  }
  return reduce(loss, options.reduction, op);
}

export interface BceWithLogitsOptions extends BceOptions {
  /** Weight of the positive term, broadcast along the last (class) dim: > 1 raises recall. */
  posWeight?: Tensor | null;
}

/** log(1 + eᶻ) as max(z, 0) + log1p(e^{−|z|}): never overflows. At z = 0 `maximum` splits its
 *  tie gradient ½/½, which is exactly softplus′(0) = ½, so the composition's gradient is exact. */
function softplus(z: Tensor): Tensor {
  return add(maximum(z, 0), log1p(exp(neg(abs(z)))));
}

/**
 * Binary cross-entropy from logits, stable for any |x|:
 * $\ell = (1-y)\,x + (1 + (p_w - 1)y)\,\log(1 + e^{-x})$, times the weight.
 */
export function binaryCrossEntropyWithLogits(
  input: Tensor,
  target: Tensor,
  options: BceWithLogitsOptions = {},
): Tensor {
  const op = 'binaryCrossEntropyWithLogits';
  checkFloatTensor(input, op, 'input');
  checkFloatTensor(target, op, 'target');
  checkSameShape(input, target, op);
  const sp = softplus(neg(input));
  const posWeight = options.posWeight;
  let loss: Tensor;
  if (posWeight) {
    checkBroadcast(input, posWeight, op, ['input', 'posWeight']);
    loss = add(mul(sub(1, target), input), mul(add(mul(sub(posWeight, 1), target), 1), sp));
  } else {
    loss = add(mul(sub(1, target), input), sp);
  }
  if (options.weight) {
    checkBroadcast(input, options.weight, op, ['input', 'weight']);
    loss = mul(loss, options.weight);
  }
  return reduce(loss, options.reduction, op);
}
