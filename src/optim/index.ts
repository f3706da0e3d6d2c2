/** Optimizers and learning-rate schedulers (torch.optim). */
export { Optimizer } from './optimizer.js';
export type { BaseOptions, ParamGroup, ParamGroupSpec, Params, OptimizerStateDict } from './optimizer.js';
export { SGD } from './sgd.js';
export type { SGDOptions } from './sgd.js';
export { Adam, AdamW } from './adam.js';
export type { AdamOptions } from './adam.js';
export { RMSprop } from './rmsprop.js';
export type { RMSpropOptions } from './rmsprop.js';
export { LRScheduler, StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR } from './lr-scheduler.js';
export type { SchedulerStateDict } from './lr-scheduler.js';
