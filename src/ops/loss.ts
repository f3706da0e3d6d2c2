/**
 * Loss primitives whose torch gradient is not the derivative of a composition of other ops.
 *
 * Binary cross-entropy clamps each log at −100 (so p = 0 or 1 gives a finite loss), but its
 * gradient is NOT the clamped composition's: torch uses (x − y) / max(x(1 − x), 1e-12), which stays
 * finite and non-zero at x = 0 or 1, where log's VJP would give 0·∞ = NaN.
 */
import type { Tensor } from '../tensor/tensor.js';
import { apply, empty } from './apply.js';
import type { Primitive } from './apply.js';

// torch declares the clamp as a float constant, so even float64 math divides by fround(1e-12).
const EPSILON = Math.fround(1e-12);

/** Elementwise −(y·max(log x, −100) + (1 − y)·max(log(1 − x), −100)), unreduced. */
const binaryCrossEntropyPrimitive: Primitive<void> = {
  forward: ([x, y]) => {
    const out = empty(x!.shape, x!.dtype);
    const X = x!.data;
    const Y = y!.data;
    const L = out.data;
    for (let i = 0; i < X.length; i++) {
      const p = X[i]!;
      const t = Y[i]!;
      L[i] = (t - 1) * Math.max(Math.log1p(-p), -100) - t * Math.max(Math.log(p), -100);
    }
    return out;
  },
  vjp: (g, [x, y]) => {
    const X = x!.data;
    const Y = y!.data;
    const G = g.data;
    let gx: Tensor | null = null;
    let gy: Tensor | null = null;
    if (x!.requiresGrad) {
      gx = empty(x!.shape, x!.dtype);
      const GX = gx.data;
      for (let i = 0; i < X.length; i++) GX[i] = (G[i]! * (X[i]! - Y[i]!)) / Math.max((1 - X[i]!) * X[i]!, EPSILON);
    }
    if (y!.requiresGrad) {
      // ∂/∂y = log(1 − x) − log x = −logit(x), unclamped as in torch.
      gy = empty(y!.shape, y!.dtype);
      const GY = gy.data;
      for (let i = 0; i < X.length; i++) GY[i] = G[i]! * (Math.log1p(-X[i]!) - Math.log(X[i]!));
    }
    return [gx, gy];
  },
};

export const lossPrimitives = { binaryCrossEntropy: binaryCrossEntropyPrimitive };

/** Records the elementwise BCE of probabilities `x` against targets `y` (same shape and dtype, checked by the caller). */
export function binaryCrossEntropyRaw(x: Tensor, y: Tensor): Tensor {
  return apply('binaryCrossEntropy', binaryCrossEntropyPrimitive, [x, y], undefined);
}
