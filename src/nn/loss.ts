/**
 * Loss modules: each keeps its options and calls the functional form, as torch.nn's losses do.
 * Apply with `.forward(input, target)` (three tensors for the ranking/embedding losses).
 */
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';
import * as F from './functional/index.js';

type Fn2<O> = (input: Tensor, target: Tensor, options: O) => Tensor;
type Fn3<O> = (a: Tensor, b: Tensor, c: Tensor, options: O) => Tensor;

/** Base of two-argument losses: stores the options, forwards to `fn`. */
abstract class Loss<O> extends Module<[Tensor, Tensor], Tensor> {
  protected abstract readonly fn: Fn2<O>;
  constructor(readonly options: O = {} as O) {
    super();
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return this.fn(input, target, this.options);
  }
}

abstract class Loss3<O> extends Module<[Tensor, Tensor, Tensor], Tensor> {
  protected abstract readonly fn: Fn3<O>;
  constructor(readonly options: O = {} as O) {
    super();
  }
  forward(a: Tensor, b: Tensor, c: Tensor): Tensor {
    return this.fn(a, b, c, this.options);
  }
}

/** Mean squared error, see {@link F.mseLoss}. */
export class MSELoss extends Loss<F.LossOptions> {
  protected readonly fn = F.mseLoss;
}
/** Mean absolute error, see {@link F.l1Loss}. */
export class L1Loss extends Loss<F.LossOptions> {
  protected readonly fn = F.l1Loss;
}
/** Smooth L1 {beta}, see {@link F.smoothL1Loss}. */
export class SmoothL1Loss extends Loss<F.SmoothL1Options> {
  protected readonly fn = F.smoothL1Loss;
}
/** Huber {delta}, see {@link F.huberLoss}. */
export class HuberLoss extends Loss<F.HuberOptions> {
  protected readonly fn = F.huberLoss;
}
/** NLL on log-probabilities {weight, ignoreIndex}, see {@link F.nllLoss}. */
export class NLLLoss extends Loss<F.NllLossOptions> {
  protected readonly fn = F.nllLoss;
}
/** Cross-entropy from logits {weight, ignoreIndex, labelSmoothing}, see {@link F.crossEntropy}. */
export class CrossEntropyLoss extends Loss<F.CrossEntropyOptions> {
  protected readonly fn = F.crossEntropy;
}
/** BCE on probabilities {weight}, see {@link F.binaryCrossEntropy}. */
export class BCELoss extends Loss<F.BceOptions> {
  protected readonly fn = F.binaryCrossEntropy;
}
/** BCE from logits {weight, posWeight}, see {@link F.binaryCrossEntropyWithLogits}. */
export class BCEWithLogitsLoss extends Loss<F.BceWithLogitsOptions> {
  protected readonly fn = F.binaryCrossEntropyWithLogits;
}
/** KL divergence {logTarget}, see {@link F.klDiv}. */
export class KLDivLoss extends Loss<F.KlDivOptions> {
  protected readonly fn = F.klDiv;
}
/** Ranking hinge {margin}: forward(input1, input2, target), see {@link F.marginRankingLoss}. */
export class MarginRankingLoss extends Loss3<F.MarginRankingOptions> {
  protected readonly fn = F.marginRankingLoss;
}
/** Triplet loss {margin, p, eps, swap}: forward(anchor, positive, negative), see {@link F.tripletMarginLoss}. */
export class TripletMarginLoss extends Loss3<F.TripletMarginOptions> {
  protected readonly fn = F.tripletMarginLoss;
}
/** Cosine embedding {margin}: forward(input1, input2, target), see {@link F.cosineEmbeddingLoss}. */
export class CosineEmbeddingLoss extends Loss3<F.CosineEmbeddingOptions> {
  protected readonly fn = F.cosineEmbeddingLoss;
}
