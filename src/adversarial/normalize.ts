/**
 * Normalisation inside the model: attacks take inputs in [0, 1] and ε in those units, so a
 * model trained on standardized inputs is attacked through a first layer that standardizes
 * (as RobustBench and torchattacks' users wrap their models). Differentiable, no parameters.
 */
import type { Tensor } from '../tensor/tensor.js';
import type { FloatDType } from '../tensor/dtype.js';
import { fmtShape } from '../tensor/shape.js';
import { Module } from '../nn/module.js';
import { Sequential, type Layer } from '../nn/container.js';
import { toTensor } from './gradient.js';

/** $x \mapsto (x - \text{shift}) / \text{scale}$, with one value for all features or one per feature. */
export class InputNormalization extends Module {
  readonly shift: readonly number[];
  readonly scale: readonly number[];

  constructor(shift: readonly number[], scale: readonly number[]) {
    super();
    if (shift.length === 0 || shift.length !== scale.length)
      throw new RangeError(
        `InputNormalization: shift and scale need the same, non-zero length, got ${shift.length} and ${scale.length}`,
      );
    if (!scale.every((s) => Number.isFinite(s) && s !== 0) || !shift.every(Number.isFinite))
      throw new RangeError('InputNormalization: shift must be finite and scale finite and non-zero');
    this.shift = [...shift];
    this.scale = [...scale];
  }

  forward(x: Tensor): Tensor {
    const features = x.shape.slice(1);
    const d = x.numel / Math.max(1, x.shape[0]!);
    const n = this.shift.length;
    if (n !== 1 && n !== d)
      throw new RangeError(
        `InputNormalization: ${n} shift values for samples of shape ${fmtShape(features)} (${d} features); give 1 or ${d}`,
      );
    const shape = n === 1 ? [] : features;
    const dtype = x.dtype as FloatDType;
    return x.sub(toTensor(this.shift, shape, dtype)).div(toTensor(this.scale, shape, dtype));
  }

  override extraRepr(): string {
    return this.shift.length === 1 ? `shift=${this.shift[0]}, scale=${this.scale[0]}` : `${this.shift.length} features`;
  }
}

/** `model` with {@link InputNormalization} in front: a model of raw [0, 1] inputs, ready to attack. */
export function withInputNormalization(
  model: Layer,
  scaling: { shift: readonly number[]; scale: readonly number[] },
): Sequential {
  return new Sequential(new InputNormalization(scaling.shift, scaling.scale), model);
}
