/** nn.Dropout: F.dropout while training, the identity in eval mode. */
import type { Tensor } from '../tensor/tensor.js';
import type { Generator } from '../tensor/random.js';
import { Module } from './module.js';
import { dropout } from './functional/dropout.js';
import { checkNumber } from './functional/args.js';
import { py } from './repr.js';

/**
 * Zeroes elements with probability p during training and scales the rest by 1/(1−p).
 * @example new nn.Dropout(0.2)
 */
export class Dropout extends Module {
  readonly p: number;
  readonly generator: Generator | undefined;
  constructor(p = 0.5, options: { generator?: Generator } = {}) {
    super();
    this.p = checkNumber(p, 'Dropout', 'p', 0, 1);
    this.generator = options.generator;
  }
  forward(x: Tensor): Tensor {
    return dropout(x, { p: this.p, training: this.training, generator: this.generator });
  }
  override extraRepr(): string {
    return `p=${py(this.p)}, inplace=False`;
  }
}
