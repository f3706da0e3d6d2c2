/**
 * The multilayer perceptron every analysis and experiment trains: `[Flatten] → Linear → act → …
 * → Linear(classes)`, an nn.Sequential so it prints and saves like torch's.
 */
import { Activation } from '../nn/activation.js';
import { featureSize } from '../data/dataset.js';
import { Linear } from '../nn/linear.js';
import { Sequential, type Layer } from '../nn/container.js';
import { Flatten } from '../nn/shape.js';
import type { Generator } from '../tensor/random.js';
import { resolveActivation, type ResolvedActivation } from '../activations/resolve.js';
import { activationRef, oneOf, positiveInt, positiveInts, type ActivationRef, type ModelBuilder } from './builder.js';
import { activationGain, initLayer, initSchemes, type InitScheme } from './init.js';

/** An MLP as plain data (the `builder` of its model.json). */
export interface MlpSpec {
  readonly kind: 'mlp';
  /** Shape of one sample (`[2]`, `[1, 28, 28]`…); more than one dim adds a Flatten first. */
  inputShape: readonly number[];
  /** Hidden layer widths; empty for a linear model. */
  hidden: readonly number[];
  classes: number;
  activation: ActivationRef;
  init?: InitScheme;
}

/** {@link buildMlp}'s options: the spec with the activation already resolved. */
export interface MlpOptions {
  inputShape: readonly number[];
  hidden: readonly number[];
  classes: number;
  activation: ResolvedActivation;
  init?: InitScheme;
  /** Source of the initial weights (default: the generator `manualSeed` seeds). */
  generator?: Generator;
}

/**
 * Builds `[Flatten] → Linear → act → … → Linear(classes)`. The output layer has no activation
 * (logits for cross-entropy) and, under Kaiming/Xavier, gain 1.
 *
 * @example buildMlp({ inputShape: [2], hidden: [8, 8], classes: 2, activation: resolveActivation('relu') })
 */
export function buildMlp(o: MlpOptions): Sequential {
  const scheme = o.init ?? 'default';
  const gain = scheme === 'default' ? 1 : activationGain(o.activation);
  const layers: Layer[] = o.inputShape.length > 1 ? [new Flatten()] : [];
  let width = featureSize(o.inputShape);
  const opts = o.generator ? { generator: o.generator } : {};
  for (const h of o.hidden) {
    const lin = new Linear(width, h, opts);
    initLayer(lin, scheme, gain, o.generator);
    layers.push(lin, new Activation(o.activation.spec, o.activation.moduleOptions));
    width = h;
  }
  const out = new Linear(width, o.classes, opts);
  initLayer(out, scheme, 1, o.generator);
  layers.push(out);
  return new Sequential(...layers);
}

/** The `mlp` builder of the model registry. */
export const mlp: ModelBuilder<MlpSpec> = {
  kind: 'mlp',
  summary: 'multilayer perceptron: [Flatten] → (Linear → activation) per hidden width → Linear(classes)',
  build: (spec, options = {}) =>
    buildMlp({
      ...spec,
      activation: resolveActivation(spec.activation.id, spec.activation.params),
      ...(options.generator ? { generator: options.generator } : {}),
    }),
  parse(raw, where) {
    const spec: MlpSpec = {
      kind: 'mlp',
      inputShape: positiveInts(raw.inputShape, 'inputShape', where, 1),
      hidden: positiveInts(raw.hidden ?? [], 'hidden', where),
      classes: positiveInt(raw.classes, 'classes', where),
      activation: activationRef(raw.activation, 'activation', where),
    };
    return raw.init === undefined ? spec : { ...spec, init: oneOf(raw.init, 'init', where, initSchemes) };
  },
  describe: (s) => [featureSize(s.inputShape), ...s.hidden, s.classes].join(' → '),
};
