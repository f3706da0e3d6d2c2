/** Flatten: a layer that only reshapes. (Identity is an activation module of the registry.) */
import type { Tensor } from '../tensor/tensor.js';
import { flatten } from '../ops/index.js';
import { Module } from './module.js';

/**
 * Flattens dims startDim..endDim into one (default 1..−1: everything but the batch dim).
 * @example new nn.Flatten() // [N, 64, 7, 7] → [N, 3136]
 */
export class Flatten extends Module {
  constructor(
    readonly startDim = 1,
    readonly endDim = -1,
  ) {
    super();
  }
  forward(x: Tensor): Tensor {
    return flatten(x, this.startDim, this.endDim);
  }
  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}
