/** The functional forms of the training stack (torch.nn.functional names in camelCase). */
export { linear } from './linear.js';
export { conv2d, maxPool2d, avgPool2d, unfold } from './conv.js';
export type { Conv2dOptions, MaxPool2dOptions, AvgPool2dOptions, UnfoldOptions } from './conv.js';
export { dropout } from './dropout.js';
export type { DropoutOptions } from './dropout.js';
export { mseLoss, l1Loss, smoothL1Loss, huberLoss } from './loss-regression.js';
export type { SmoothL1Options, HuberOptions } from './loss-regression.js';
export { nllLoss, crossEntropy, binaryCrossEntropy, binaryCrossEntropyWithLogits } from './loss-classification.js';
export type { NllLossOptions, CrossEntropyOptions, BceOptions, BceWithLogitsOptions } from './loss-classification.js';
export {
  klDiv,
  marginRankingLoss,
  pairwiseDistance,
  tripletMarginLoss,
  cosineEmbeddingLoss,
} from './loss-embedding.js';
export type {
  KlDivOptions,
  MarginRankingOptions,
  PairwiseDistanceOptions,
  TripletMarginOptions,
  CosineEmbeddingOptions,
} from './loss-embedding.js';
export type { Reduction, LossOptions } from './reduction.js';
export type { Pair } from './args.js';
