/**
 * The fused primitive of activations with a learnable parameter tensor: PReLU's slope, a
 * trainable Swish β. The parameter holds one value, or one per channel (dim 1, as torch's
 * PReLU), so the input is seen as [outer, channels, inner] and element i uses w[c(i)].
 * Inputs are [x, w]; the VJP returns the input gradient and the parameter gradient (summed
 * over everything but the channel, in float64).
 */
import type { ChannelActivationKernel, KernelParams } from '../backend/backend.js';
import { getBackend } from '../backend/registry.js';
import type { FloatArray } from '../tensor/dtype.js';
import { fmtShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { apply, empty, requireFloat, requireTensor } from './apply.js';
import type { Primitive } from './apply.js';

/** The kernel pair a channel activation runs: defined once, with the backend interface. */
export type ChannelKernel<P = KernelParams> = ChannelActivationKernel<P>;

export interface ChannelActivationAttrs {
  id: string;
  kernel: ChannelKernel;
  /** The spec's parameter values by name (the learnable one's value comes from the tensor). */
  params: KernelParams;
  /** Name of the parameter tensor, for error messages (`weight`, `beta`). */
  paramName: string;
}

/** Channels and inner size for w against x: numel(w) = 1, or the size of x's dim 1. */
function layout(x: Tensor, w: Tensor, a: ChannelActivationAttrs): [number, number] {
  if (w.ndim > 1) {
    throw new RangeError(`${a.id}: ${a.paramName} must be a scalar or 1-D tensor, got shape ${fmtShape(w.shape)}`);
  }
  if (w.numel === 1) return [1, x.numel];
  const channels = x.ndim >= 2 ? x.shape[1]! : 1;
  if (w.numel !== channels) {
    throw new RangeError(
      `${a.id}: ${a.paramName} has ${w.numel} values but the input of shape ${fmtShape(x.shape)} has ${channels} ` +
        `channel${channels === 1 ? '' : 's'} (dim 1); expected 1${channels === 1 ? '' : ` or ${channels}`} values`,
    );
  }
  let inner = 1;
  for (let i = 2; i < x.ndim; i++) inner *= x.shape[i]!;
  return [channels, inner];
}

/** The backend's fused kernel for this id (WASM PReLU per channel), else the spec's own. */
function kernelFor(x: Tensor, a: ChannelActivationAttrs): ChannelKernel {
  return getBackend(x.dtype).channelActivation?.(a.id) ?? a.kernel;
}

const channelActivationPrimitive: Primitive<ChannelActivationAttrs> = {
  forward: ([x, w], a) => {
    const [channels, inner] = layout(x!, w!, a);
    const out = empty(x!.shape, x!.dtype);
    kernelFor(x!, a).forward(
      x!.data as FloatArray,
      w!.data as FloatArray,
      out.data as FloatArray,
      channels,
      inner,
      a.params,
    );
    return out;
  },
  vjp: (g, [x, w], _out, a) => {
    const [channels, inner] = layout(x!, w!, a);
    const gy = g.dtype === x!.dtype ? g : g.to(x!.dtype);
    const gx = empty(x!.shape, x!.dtype);
    const acc = new Float64Array(channels);
    kernelFor(x!, a).backward(
      x!.data as FloatArray,
      w!.data as FloatArray,
      gy.data as FloatArray,
      gx.data as FloatArray,
      acc,
      channels,
      inner,
      a.params,
    );
    const gw = empty(w!.shape, w!.dtype);
    (gw.data as FloatArray).set(acc);
    return [gx, gw];
  },
};

export const channelActivationPrimitives = { channelActivation: channelActivationPrimitive };

/** Applies an activation whose parameter `w` is a tensor (learnable), recording both gradients. */
export function channelActivation(x: Tensor, w: Tensor, attrs: ChannelActivationAttrs): Tensor {
  requireTensor(x, attrs.id);
  requireFloat(x, attrs.id);
  requireTensor(w, attrs.id, attrs.paramName);
  requireFloat(w, attrs.id);
  if (w.dtype !== x.dtype) {
    throw new TypeError(
      `${attrs.id}: ${attrs.paramName} has dtype ${w.dtype} but the input has ${x.dtype}; convert one with .to()`,
    );
  }
  layout(x, w, attrs);
  return apply(attrs.id, channelActivationPrimitive, [x, w], attrs);
}
