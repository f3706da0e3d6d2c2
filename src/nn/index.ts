/**
 * The nn layers, containers, losses and initialisers. The public `nn` namespace adds the
 * activation modules from the registry (`activationModules`: ReLU, GELU, …) to these.
 */
export { Module } from './module.js';
export type { AnyModule } from './module.js';
export { Parameter } from './parameter.js';
export { Activation } from './activation.js';
export { Linear } from './linear.js';
export type { LayerOptions } from './linear.js';
export { Conv2d } from './conv.js';
export type { Conv2dLayerOptions } from './conv.js';
export { MaxPool2d, AvgPool2d } from './pooling.js';
export { Flatten } from './shape.js';
export { Dropout } from './dropout.js';
export { BatchNorm1d, BatchNorm2d } from './batchnorm.js';
export type { BatchNormOptions } from './batchnorm.js';
export { SineLayer } from './sine-layer.js';
export type { SineLayerOptions } from './sine-layer.js';
export { PositionalEncoding, nyquistFrequencies } from './positional-encoding.js';
export type { PositionalEncodingOptions } from './positional-encoding.js';
export { Sequential, ModuleList } from './container.js';
export type { Layer } from './container.js';
export {
  MSELoss,
  L1Loss,
  SmoothL1Loss,
  HuberLoss,
  NLLLoss,
  CrossEntropyLoss,
  BCELoss,
  BCEWithLogitsLoss,
  KLDivLoss,
  MarginRankingLoss,
  TripletMarginLoss,
  CosineEmbeddingLoss,
} from './loss.js';
export * as init from './init.js';
export { clipGradNorm_, clipGradValue_ } from './utils.js';
