/**
 * A hook `fit` calls on each training batch before the step: it returns the inputs the step
 * trains on. Adversarial training (`adversarial.adversarialTraining`) is one: it replaces the
 * batch by its adversarial version. The hook runs inside the step's memory scope, so what it
 * allocates is freed with the step.
 */
import type { Tensor } from '../tensor/tensor.js';
import type { Module } from '../nn/module.js';

export interface BatchTransformContext {
  model: Module<[Tensor], Tensor>;
  epoch: number;
  /** 1-based step count over the whole run. */
  step: number;
  /** 1-based batch index within the epoch, of `batches`. */
  batch: number;
  batches: number;
}

/** Maps a batch's inputs `x` (labels `y`) to the inputs to train on, of the same shape. */
export type BatchTransform = (x: Tensor, y: Tensor, ctx: BatchTransformContext) => Tensor;
