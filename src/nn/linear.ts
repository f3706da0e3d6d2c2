/** nn.Linear: y = x·Wᵀ + b with torch's default init. */
import type { Tensor } from '../tensor/tensor.js';
import type { FloatDType } from '../tensor/dtype.js';
import { fmtShape } from '../tensor/shape.js';
import { empty } from '../ops/apply.js';
import type { Generator } from '../tensor/random.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { linear } from './functional/linear.js';
import { defaultLayerInit_ } from './init.js';
import { py } from './repr.js';

export interface LayerOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** Parameter dtype (default float32; float64 for gradcheck). */
  dtype?: FloatDType;
  /** Source of the initial weights (default: the generator `manualSeed` seeds). */
  generator?: Generator;
}

export function checkFeatures(value: unknown, layer: string, arg: string): number {
  if (!Number.isInteger(value) || (value as number) < 1) {
    throw new RangeError(`${layer}: ${arg} must be a positive integer, got ${String(value)}`);
  }
  return value as number;
}

/**
 * Fully connected layer $y = x W^\top + b$; weight `[out, in]`, bias `[out]`, both drawn from
 * $U(\pm 1/\sqrt{\text{in}})$ as torch does.
 *
 * Input `[*, in]` → output `[*, out]`.
 * @example const fc = new nn.Linear(784, 256); fc.forward(x) // [N, 256]
 */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  weight: Parameter;
  bias: Parameter | null;

  constructor(inFeatures: number, outFeatures: number, options: LayerOptions = {}) {
    super();
    this.inFeatures = checkFeatures(inFeatures, 'Linear', 'inFeatures');
    this.outFeatures = checkFeatures(outFeatures, 'Linear', 'outFeatures');
    const dtype = options.dtype ?? 'float32';
    this.weight = new Parameter(empty([outFeatures, inFeatures], dtype));
    this.bias = options.bias === false ? null : new Parameter(empty([outFeatures], dtype));
    defaultLayerInit_(this.weight, this.bias, { generator: options.generator });
  }

  forward(x: Tensor): Tensor {
    if (x.ndim === 0 || x.shape[x.ndim - 1] !== this.inFeatures) {
      throw new RangeError(
        `Linear(${this.inFeatures} → ${this.outFeatures}): expected input with ${this.inFeatures} features in its last dim, got shape ${fmtShape(x.shape)}`,
      );
    }
    return linear(x, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${py(this.bias !== null)}`;
  }
}
