import { Tensor } from '../tensor/tensor.js';

/**
 * A tensor that a Module owns and an optimizer updates: always a leaf that requires grad
 * (unless created with `requiresGrad: false`, e.g. a frozen weight).
 */
export class Parameter extends Tensor {
  constructor(t: Tensor, requiresGrad = true) {
    super(t.data, t.shape, t.dtype);
    if (requiresGrad && t.dtype === 'int32') throw new TypeError('Parameter: int32 tensors cannot require gradients');
    this.requiresGrad = requiresGrad;
  }
}
