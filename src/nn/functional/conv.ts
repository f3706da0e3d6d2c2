/** F.conv2d, F.maxPool2d, F.avgPool2d: argument checks with torch's rules, then the primitives in ops/. */
import type { Tensor } from '../../tensor/tensor.js';
import { fmtShape } from '../../tensor/shape.js';
import { reshape } from '../../ops/index.js';
import { conv2dRaw, im2colRaw } from '../../ops/conv.js';
import type { Window2d } from '../../ops/conv.js';
import { avgPool2dRaw, maxPool2dRaw } from '../../ops/pool.js';
import { checkBoolean, checkFloatTensor, pair, windowOut } from './args.js';
import type { Pair } from './args.js';

export interface Conv2dOptions {
  /** Step between windows (default 1). */
  stride?: Pair;
  /** Zero padding on each side (default 0); 'valid' is 0, 'same' keeps the size (stride 1 only). */
  padding?: Pair | 'valid' | 'same';
  /** Spacing between kernel taps (default 1). */
  dilation?: Pair;
  /** Only 1 is supported. */
  groups?: number;
}

export interface MaxPool2dOptions {
  kernelSize: Pair;
  /** Default: kernelSize. */
  stride?: Pair | null;
  /** Implicit −∞ padding on each side, at most half the kernel (default 0). */
  padding?: Pair;
  dilation?: Pair;
  /** Use ceil instead of floor for the output size (default false). */
  ceilMode?: boolean;
}

export interface AvgPool2dOptions {
  kernelSize: Pair;
  stride?: Pair | null;
  padding?: Pair;
  ceilMode?: boolean;
  /** Count the zero padding in the divisor (default true, as torch). */
  countIncludePad?: boolean;
  /** Divide every window by this instead. */
  divisorOverride?: number | null;
}

/** Accepts [N, C, H, W] or an unbatched [C, H, W]; returns the 4-D view and how to undo it. */
function batched(x: Tensor, op: string): [Tensor, (y: Tensor) => Tensor] {
  checkFloatTensor(x, op, 'input');
  if (x.ndim === 4) return [x, (y) => y];
  if (x.ndim === 3) return [reshape(x, [1, ...x.shape]), (y) => reshape(y, y.shape.slice(1))];
  throw new RangeError(`${op}: expected a 3-D [C, H, W] or 4-D [N, C, H, W] input, got shape ${fmtShape(x.shape)}`);
}

function checkOut(out: [number, number], x: Tensor, op: string): void {
  if (out[0] < 1 || out[1] < 1) {
    throw new RangeError(
      `${op}: input of shape ${fmtShape(x.shape)} is too small: the output would be ${out[0]}×${out[1]}`,
    );
  }
}

/**
 * 2-D convolution (cross-correlation, as torch): $y_{n,o} = b_o + \sum_c W_{o,c} \star x_{n,c}$.
 *
 * @param input `[N, C, H, W]` or `[C, H, W]`; weight `[O, C, kh, kw]`; bias `[O]`.
 * @returns `[N, O, outH, outW]` with $out = \lfloor (H + 2p - d(k-1) - 1)/s \rfloor + 1$.
 * @example F.conv2d(randn([8, 1, 28, 28]), randn([16, 1, 3, 3]), null, { padding: 1 }).shape // [8, 16, 28, 28]
 */
export function conv2d(input: Tensor, weight: Tensor, bias?: Tensor | null, options: Conv2dOptions = {}): Tensor {
  const [x, unbatch] = batched(input, 'conv2d');
  checkFloatTensor(weight, 'conv2d', 'weight');
  const groups = options.groups ?? 1;
  if (groups !== 1) throw new RangeError(`conv2d: groups=${groups} is not supported (only groups=1)`);
  if (weight.ndim !== 4)
    throw new RangeError(`conv2d: weight must be 4-D [out, in, kh, kw], got shape ${fmtShape(weight.shape)}`);
  const [O, Cw, kh, kw] = weight.shape as [number, number, number, number];
  const [, C, H, W] = x.shape as [number, number, number, number];
  if (C !== Cw) {
    throw new RangeError(
      `conv2d: weight of shape ${fmtShape(weight.shape)} expects input with ${Cw} channels, but input of shape ${fmtShape(input.shape)} has ${C}`,
    );
  }
  if (bias != null) {
    checkFloatTensor(bias, 'conv2d', 'bias');
    if (bias.ndim !== 1 || bias.shape[0] !== O)
      throw new RangeError(`conv2d: bias must have shape [${O}], got ${fmtShape(bias.shape)}`);
  }
  const stride = pair(options.stride ?? 1, 'conv2d', 'stride', 1);
  const dilation = pair(options.dilation ?? 1, 'conv2d', 'dilation', 1);
  const padOpt = options.padding ?? 0;
  let padding: [number, number];
  let out: [number, number];
  if (padOpt === 'same') {
    if (stride[0] !== 1 || stride[1] !== 1)
      throw new RangeError(`conv2d: padding='same' needs stride 1, got ${JSON.stringify(options.stride)}`);
    // Total padding d(k−1); an odd total puts the extra row/column at the bottom/right, as torch.
    padding = [Math.floor((dilation[0] * (kh - 1)) / 2), Math.floor((dilation[1] * (kw - 1)) / 2)];
    out = [H, W];
  } else {
    padding = padOpt === 'valid' ? [0, 0] : pair(padOpt, 'conv2d', 'padding', 0);
    const effH = dilation[0] * (kh - 1) + 1;
    const effW = dilation[1] * (kw - 1) + 1;
    if (H + 2 * padding[0] < effH || W + 2 * padding[1] < effW) {
      throw new RangeError(
        `conv2d: padded input is ${H + 2 * padding[0]}×${W + 2 * padding[1]} but the (dilated) kernel is ${effH}×${effW}; the kernel cannot be larger than the input`,
      );
    }
    out = [
      windowOut(H, kh, stride[0], padding[0], dilation[0], false),
      windowOut(W, kw, stride[1], padding[1], dilation[1], false),
    ];
  }
  const win: Window2d = { kernel: [kh, kw], stride, padding, dilation, out };
  const same = (t: Tensor): Tensor => (t.dtype === x.dtype ? t : t.to(x.dtype));
  return unbatch(conv2dRaw(x, same(weight), bias == null ? null : same(bias), win));
}

function poolWindow(
  x: Tensor,
  op: string,
  o: { kernelSize: Pair; stride?: Pair | null; padding?: Pair; dilation?: Pair; ceilMode?: boolean },
): Window2d {
  const kernel = pair(o.kernelSize, op, 'kernelSize', 1);
  const stride = o.stride == null ? kernel : pair(o.stride, op, 'stride', 1);
  const padding = pair(o.padding ?? 0, op, 'padding', 0);
  const dilation = pair(o.dilation ?? 1, op, 'dilation', 1);
  const ceilMode = checkBoolean(o.ceilMode ?? false, op, 'ceilMode');
  if (padding[0] > kernel[0] / 2 || padding[1] > kernel[1] / 2) {
    throw new RangeError(
      `${op}: padding ${JSON.stringify(o.padding)} must be at most half of kernelSize ${JSON.stringify(o.kernelSize)}`,
    );
  }
  const [H, W] = x.shape.slice(2) as [number, number];
  const out: [number, number] = [
    windowOut(H, kernel[0], stride[0], padding[0], dilation[0], ceilMode),
    windowOut(W, kernel[1], stride[1], padding[1], dilation[1], ceilMode),
  ];
  checkOut(out, x, op);
  return { kernel, stride, padding, dilation, out };
}

/**
 * 2-D max pooling: each output is the maximum of its window; the gradient goes to the window's
 * first maximum (torch's rule), summed where windows overlap.
 *
 * @param options kernelSize; stride (default kernelSize); padding 0; dilation 1; ceilMode false.
 * @example F.maxPool2d(x, { kernelSize: 2 }) // halves H and W
 */
export function maxPool2d(input: Tensor, options: MaxPool2dOptions): Tensor {
  const [x, unbatch] = batched(input, 'maxPool2d');
  if (options === undefined || options.kernelSize === undefined)
    throw new TypeError('maxPool2d: options.kernelSize is required');
  return unbatch(maxPool2dRaw(x, poolWindow(x, 'maxPool2d', options)));
}

/**
 * 2-D average pooling. With `countIncludePad` (default true) zero padding counts in the divisor,
 * as in torch.
 *
 * @param options kernelSize; stride (default kernelSize); padding 0; ceilMode false;
 *   countIncludePad true; divisorOverride none.
 */
export function avgPool2d(input: Tensor, options: AvgPool2dOptions): Tensor {
  const [x, unbatch] = batched(input, 'avgPool2d');
  if (options === undefined || options.kernelSize === undefined)
    throw new TypeError('avgPool2d: options.kernelSize is required');
  const win = poolWindow(x, 'avgPool2d', options);
  const countIncludePad = checkBoolean(options.countIncludePad ?? true, 'avgPool2d', 'countIncludePad');
  const d = options.divisorOverride ?? null;
  if (d !== null && (!Number.isInteger(d) || d === 0))
    throw new RangeError(`avgPool2d: divisorOverride must be a non-zero integer, got ${d}`);
  return unbatch(avgPool2dRaw(x, { ...win, countIncludePad, divisorOverride: d }));
}

export interface UnfoldOptions {
  kernelSize: Pair;
  dilation?: Pair;
  padding?: Pair;
  stride?: Pair;
}

/**
 * Extracts sliding local blocks (im2col, torch's F.unfold): column l of sample n holds the
 * C·kh·kw values under the l-th kernel position, channel-major, zeros where it overlaps padding.
 *
 * @param input `[N, C, H, W]` or `[C, H, W]`.
 * @returns `[N, C·kh·kw, L]` with L = outH·outW (conv2d's output size).
 * @example F.unfold(x, { kernelSize: 3, padding: 1 }) // [N, 9C, H·W]
 */
export function unfold(input: Tensor, options: UnfoldOptions): Tensor {
  const [x, unbatch] = batched(input, 'unfold');
  if (options === undefined || options.kernelSize === undefined)
    throw new TypeError('unfold: options.kernelSize is required');
  const kernel = pair(options.kernelSize, 'unfold', 'kernelSize', 1);
  const stride = pair(options.stride ?? 1, 'unfold', 'stride', 1);
  const padding = pair(options.padding ?? 0, 'unfold', 'padding', 0);
  const dilation = pair(options.dilation ?? 1, 'unfold', 'dilation', 1);
  const [H, W] = x.shape.slice(2) as [number, number];
  const out: [number, number] = [
    windowOut(H, kernel[0], stride[0], padding[0], dilation[0], false),
    windowOut(W, kernel[1], stride[1], padding[1], dilation[1], false),
  ];
  checkOut(out, x, 'unfold');
  return unbatch(im2colRaw(x, { kernel, stride, padding, dilation, out }));
}
