/** nn.Conv2d: 2-D convolution over [N, C, H, W] with torch's default init. */
import type { Tensor } from '../tensor/tensor.js';
import { fmtShape } from '../tensor/shape.js';
import { empty } from '../ops/apply.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { conv2d } from './functional/conv.js';
import type { Conv2dOptions } from './functional/conv.js';
import { pair } from './functional/args.js';
import type { Pair } from './functional/args.js';
import { defaultLayerInit_ } from './init.js';
import { checkFeatures } from './linear.js';
import type { LayerOptions } from './linear.js';
import { py } from './repr.js';

export interface Conv2dLayerOptions extends LayerOptions, Conv2dOptions {}

/**
 * 2-D convolution layer; weight `[out, in, kh, kw]` and bias `[out]` drawn from
 * $U(\pm 1/\sqrt{\text{in}\cdot kh \cdot kw})$ as torch does.
 *
 * Input `[N, in, H, W]` → `[N, out, outH, outW]`, $out = \lfloor (H + 2p - d(k-1) - 1)/s \rfloor + 1$.
 * @example new nn.Conv2d(1, 32, 3, { padding: 1 })
 */
export class Conv2d extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number] | 'valid' | 'same';
  readonly dilation: [number, number];
  weight: Parameter;
  bias: Parameter | null;

  constructor(inChannels: number, outChannels: number, kernelSize: Pair, options: Conv2dLayerOptions = {}) {
    super();
    this.inChannels = checkFeatures(inChannels, 'Conv2d', 'inChannels');
    this.outChannels = checkFeatures(outChannels, 'Conv2d', 'outChannels');
    this.kernelSize = pair(kernelSize, 'Conv2d', 'kernelSize', 1);
    this.stride = pair(options.stride ?? 1, 'Conv2d', 'stride', 1);
    const p = options.padding ?? 0;
    this.padding = p === 'same' || p === 'valid' ? p : pair(p, 'Conv2d', 'padding', 0);
    if (p === 'same' && (this.stride[0] !== 1 || this.stride[1] !== 1))
      throw new RangeError("Conv2d: padding='same' needs stride 1");
    this.dilation = pair(options.dilation ?? 1, 'Conv2d', 'dilation', 1);
    if ((options.groups ?? 1) !== 1)
      throw new RangeError(`Conv2d: groups=${options.groups} is not supported (only groups=1)`);
    const dtype = options.dtype ?? 'float32';
    this.weight = new Parameter(empty([outChannels, inChannels, ...this.kernelSize], dtype));
    this.bias = options.bias === false ? null : new Parameter(empty([outChannels], dtype));
    defaultLayerInit_(this.weight, this.bias, { generator: options.generator });
  }

  forward(x: Tensor): Tensor {
    const c = x.ndim === 4 ? x.shape[1] : x.ndim === 3 ? x.shape[0] : undefined;
    if (c !== this.inChannels) {
      throw new RangeError(
        `${this.toString()}: expected input [N, ${this.inChannels}, H, W] (or [${this.inChannels}, H, W]), got shape ${fmtShape(x.shape)}`,
      );
    }
    return conv2d(x, this.weight, this.bias, { stride: this.stride, padding: this.padding, dilation: this.dilation });
  }

  override extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${py(this.kernelSize)}, stride=${py(this.stride)}`;
    const p = this.padding;
    if (typeof p === 'string') s += `, padding=${p}`;
    else if (p[0] !== 0 || p[1] !== 0) s += `, padding=${py(p)}`;
    if (this.dilation[0] !== 1 || this.dilation[1] !== 1) s += `, dilation=${py(this.dilation)}`;
    if (this.bias === null) s += ', bias=False';
    return s;
  }
}
