/** nn.MaxPool2d and nn.AvgPool2d: stateless wrappers over F.maxPool2d / F.avgPool2d. */
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';
import { avgPool2d, maxPool2d } from './functional/conv.js';
import type { AvgPool2dOptions, MaxPool2dOptions } from './functional/conv.js';
import type { Pair } from './functional/args.js';
import { py } from './repr.js';

/**
 * Max over each kernelSize window (stride defaults to kernelSize); the gradient goes to each
 * window's first maximum.
 * @example new nn.MaxPool2d(2) // [N, C, 28, 28] → [N, C, 14, 14]
 */
export class MaxPool2d extends Module {
  readonly options: MaxPool2dOptions;
  constructor(kernelSize: Pair, options: Omit<MaxPool2dOptions, 'kernelSize'> = {}) {
    super();
    this.options = { ...options, kernelSize };
  }
  forward(x: Tensor): Tensor {
    return maxPool2d(x, this.options);
  }
  override extraRepr(): string {
    const o = this.options;
    return `kernel_size=${py(o.kernelSize)}, stride=${py(o.stride ?? o.kernelSize)}, padding=${py(o.padding ?? 0)}, dilation=${py(o.dilation ?? 1)}, ceil_mode=${py(o.ceilMode ?? false)}`;
  }
}

/** Mean over each window; padding counts in the divisor unless `countIncludePad: false`. */
export class AvgPool2d extends Module {
  readonly options: AvgPool2dOptions;
  constructor(kernelSize: Pair, options: Omit<AvgPool2dOptions, 'kernelSize'> = {}) {
    super();
    this.options = { ...options, kernelSize };
  }
  forward(x: Tensor): Tensor {
    return avgPool2d(x, this.options);
  }
  override extraRepr(): string {
    const o = this.options;
    return `kernel_size=${py(o.kernelSize)}, stride=${py(o.stride ?? o.kernelSize)}, padding=${py(o.padding ?? 0)}`;
  }
}
