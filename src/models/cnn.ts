/**
 * The small CNN of the examples and of `--model cnn`: per entry of `channels`, a 3×3 convolution
 * (padding 1, so the size is kept) → activation → 2×2 max-pool (halving height and width), then
 * Flatten → (Linear → activation) per hidden width → Linear(classes). The defaults give
 * conv3×3(16)-act-pool-conv3×3(32)-act-pool-128-act-10 for [1, 28, 28] digits.
 */
import { Activation } from '../nn/activation.js';
import { Conv2d } from '../nn/conv.js';
import { Linear } from '../nn/linear.js';
import { Sequential, type Layer } from '../nn/container.js';
import { MaxPool2d } from '../nn/pooling.js';
import { Flatten } from '../nn/shape.js';
import type { Generator } from '../tensor/random.js';
import { resolveActivation, type ResolvedActivation } from '../activations/resolve.js';
import { activationRef, oneOf, positiveInt, positiveInts, type ActivationRef, type ModelBuilder } from './builder.js';
import { activationGain, initLayer, initSchemes, type InitScheme } from './init.js';

/** Channels of the conv blocks and widths of the dense layers when a spec leaves them out. */
export const CNN_DEFAULTS = { channels: [16, 32], hidden: [128] } as const;

/** A CNN as plain data (the `builder` of its model.json). */
export interface CnnSpec {
  readonly kind: 'cnn';
  /** `[channels, height, width]` of one image. */
  inputShape: readonly number[];
  /** Output channels of each conv block (default [16, 32]). */
  channels?: readonly number[];
  /** Widths of the dense hidden layers after the conv blocks (default [128]). */
  hidden?: readonly number[];
  classes: number;
  activation: ActivationRef;
  init?: InitScheme;
}

export interface CnnOptions extends Omit<CnnSpec, 'kind' | 'activation'> {
  activation: ResolvedActivation;
  /** Source of the initial weights (default: the generator `manualSeed` seeds). */
  generator?: Generator;
}

/** Height and width after the conv blocks (each 2×2 pool floors the size), checked to stay ≥ 1. */
function pooledSize(inputShape: readonly number[], blocks: number, where: string): [number, number] {
  if (inputShape.length !== 3) {
    throw new RangeError(
      `${where}: inputShape must be [channels, height, width] (an image dataset such as mnist), got [${inputShape.join(', ')}]`,
    );
  }
  const [, h, w] = inputShape as [number, number, number];
  const size: [number, number] = [Math.floor(h / 2 ** blocks), Math.floor(w / 2 ** blocks)];
  if (size[0] < 1 || size[1] < 1) {
    throw new RangeError(
      `${where}: ${blocks} conv blocks halve ${h}×${w} images to nothing; use at most ${Math.floor(Math.log2(Math.min(h, w)))} channels entries`,
    );
  }
  return size;
}

/**
 * Builds the CNN. Layers are created in forward order, so a seeded generator gives the same
 * weights as the examples' hand-written network.
 *
 * @example buildCnn({ inputShape: [1, 28, 28], classes: 10, activation: resolveActivation('relu') })
 */
export function buildCnn(o: CnnOptions): Sequential {
  const channels = o.channels ?? CNN_DEFAULTS.channels;
  const hidden = o.hidden ?? CNN_DEFAULTS.hidden;
  const [h, w] = pooledSize(o.inputShape, channels.length, 'cnn');
  const scheme = o.init ?? 'default';
  const gain = scheme === 'default' ? 1 : activationGain(o.activation);
  const opts = o.generator ? { generator: o.generator } : {};
  const layers: Layer[] = [];
  let c = o.inputShape[0]!;
  for (const out of channels) {
    const conv = new Conv2d(c, out, 3, { padding: 1, ...opts });
    initLayer(conv, scheme, gain, o.generator);
    layers.push(conv, new Activation(o.activation.spec, o.activation.moduleOptions), new MaxPool2d(2));
    c = out;
  }
  layers.push(new Flatten());
  let width = c * h * w;
  for (const units of hidden) {
    const lin = new Linear(width, units, opts);
    initLayer(lin, scheme, gain, o.generator);
    layers.push(lin, new Activation(o.activation.spec, o.activation.moduleOptions));
    width = units;
  }
  const last = new Linear(width, o.classes, opts);
  initLayer(last, scheme, 1, o.generator);
  layers.push(last);
  return new Sequential(...layers);
}

/** The `cnn` builder of the model registry. */
export const cnn: ModelBuilder<CnnSpec> = {
  kind: 'cnn',
  summary: 'small CNN: (conv3×3 → activation → maxpool2) per channel count → Flatten → dense layers → Linear(classes)',
  build: (spec, options = {}) =>
    buildCnn({
      ...spec,
      activation: resolveActivation(spec.activation.id, spec.activation.params),
      ...(options.generator ? { generator: options.generator } : {}),
    }),
  parse(raw, where) {
    const spec: CnnSpec = {
      kind: 'cnn',
      inputShape: positiveInts(raw.inputShape, 'inputShape', where, 1),
      classes: positiveInt(raw.classes, 'classes', where),
      activation: activationRef(raw.activation, 'activation', where),
    };
    if (raw.channels !== undefined) spec.channels = positiveInts(raw.channels, 'channels', where, 1);
    if (raw.hidden !== undefined) spec.hidden = positiveInts(raw.hidden, 'hidden', where);
    if (raw.init !== undefined) spec.init = oneOf(raw.init, 'init', where, initSchemes);
    pooledSize(spec.inputShape, (spec.channels ?? CNN_DEFAULTS.channels).length, where);
    return spec;
  },
  describe(s) {
    const channels = s.channels ?? CNN_DEFAULTS.channels;
    const hidden = s.hidden ?? CNN_DEFAULTS.hidden;
    return [s.inputShape.join('×'), ...channels.map((c) => `conv${c}`), ...hidden, s.classes].join(' → ');
  },
};
