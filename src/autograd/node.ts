import type { Tensor } from '../tensor/tensor.js';

/**
 * One recorded op on the tape: its inputs and the vector–Jacobian product that maps the
 * gradient of its output to gradients of its inputs (null where an input gets none).
 */
export interface GradNode {
  readonly op: string;
  readonly inputs: readonly Tensor[];
  backward(grad: Tensor): (Tensor | null)[];
}
