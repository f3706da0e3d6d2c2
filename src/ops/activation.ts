/**
 * The fused activation primitive: one pass forward, one pass backward, whatever the activation.
 * The kernel comes from the backend when it has one for this id (WASM SIMD), else from the
 * activation spec's own array kernels; numeric parameters are resolved before the call.
 */
import type { ActivationKernel, KernelParams } from '../backend/backend.js';
import { getBackend } from '../backend/registry.js';
import type { FloatArray } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { apply, emptyUninitialized, requireFloat, requireTensor } from './apply.js';
import type { Primitive } from './apply.js';

export interface ActivationAttrs {
  /** Registry id (`gelu`, `leaky_relu`…), used to find a backend's fused kernel. */
  id: string;
  /** The reference kernel, used when the backend has none for `id`. */
  kernel: ActivationKernel;
  /** Parameter values by name, resolved (`{ alpha: 1 }` for elu). */
  params: KernelParams;
}

function kernelFor(x: Tensor, attrs: ActivationAttrs): ActivationKernel {
  return getBackend(x.dtype).activation(attrs.id, attrs.kernel) ?? attrs.kernel;
}

const activationPrimitive: Primitive<ActivationAttrs> = {
  forward: ([x], attrs) => {
    const out = emptyUninitialized(x!.shape, x!.dtype);
    kernelFor(x!, attrs).forward(x!.data as FloatArray, out.data as FloatArray, attrs.params);
    return out;
  },
  vjp: (g, [x], out, attrs) => {
    const gx = emptyUninitialized(x!.shape, x!.dtype);
    const gy = g.dtype === x!.dtype ? g : g.to(x!.dtype);
    kernelFor(x!, attrs).backward(
      x!.data as FloatArray,
      out.data as FloatArray,
      gy.data as FloatArray,
      gx.data as FloatArray,
      attrs.params,
    );
    return [gx];
  },
};

export const activationPrimitives = { activation: activationPrimitive };

/** Applies an elementwise activation with resolved parameters, recording its fused VJP. */
export function activation(x: Tensor, attrs: ActivationAttrs): Tensor {
  requireTensor(x, attrs.id);
  requireFloat(x, attrs.id);
  return apply(attrs.id, activationPrimitive, [x], attrs);
}
