/**
 * The playground's network, built from the configuration with the library's modules: Linear →
 * activation (one per hidden layer, any elementwise activation of the registry: models.buildMlp
 * takes one for all) → … → Linear, initialised as `actlab train` does (models.initLayer: torch's
 * Linear init, or Kaiming/Xavier with each layer's activation gain), from one seeded generator.
 */
import { Generator, models, nn, optim, resolveActivation, type ResolvedActivation, type Tensor } from '../lib.js';
import type { LossName, OptimizerName, PlaygroundConfig } from '../state/playground.js';
import { layerActivation } from '../state/playground.js';

/** A layer of the Sequential. */
type Layer = ConstructorParameters<typeof nn.Sequential>[number];

export interface Network {
  model: InstanceType<typeof nn.Sequential>;
  /** The Linear layers, input first. */
  linears: InstanceType<typeof nn.Linear>[];
  /** Each hidden layer's activation with parameters bound (its f′ finds dead units). */
  acts: ResolvedActivation[];
  outputs: number;
}

/** Outputs of the last layer: one per class for cross-entropy/MSE, one for BCE and regression. */
export function outputCount(loss: LossName, classes: number, kind: 'classification' | 'regression'): number {
  return kind === 'regression' || loss === 'bce' ? 1 : classes;
}

/**
 * Builds the network for `inputs` features and `outputs` outputs; `override` replaces every
 * hidden layer's activation (compare mode).
 * @throws RangeError naming the activation when it is unknown or dim-wise.
 */
export function buildNetwork(c: PlaygroundConfig, inputs: number, outputs: number, override?: string): Network {
  const generator = new Generator(c.seed);
  const layers: Layer[] = [];
  const linears: InstanceType<typeof nn.Linear>[] = [];
  const acts: ResolvedActivation[] = [];
  let width = inputs;
  c.hidden.forEach((h, i) => {
    const act = resolveActivation(override ?? layerActivation(c, i));
    const lin = new nn.Linear(width, h, { generator });
    models.initLayer(lin, c.init, c.init === 'default' ? 1 : models.activationGain(act), generator);
    layers.push(lin, new nn.Activation(act.spec, act.moduleOptions));
    linears.push(lin);
    acts.push(act);
    width = h;
  });
  const out = new nn.Linear(width, outputs, { generator });
  models.initLayer(out, c.init, 1, generator);
  layers.push(out);
  linears.push(out);
  return { model: new nn.Sequential(...layers), linears, acts, outputs };
}

/** The optimizer by name with torch's defaults ('momentum': SGD with momentum 0.9). */
export function buildOptimizer(name: OptimizerName, params: Tensor[], lr: number): optim.Optimizer<optim.BaseOptions> {
  switch (name) {
    case 'sgd':
      return new optim.SGD(params, { lr });
    case 'momentum':
      return new optim.SGD(params, { lr, momentum: 0.9 });
    case 'adam':
      return new optim.Adam(params, { lr });
    case 'adamw':
      return new optim.AdamW(params, { lr });
    case 'rmsprop':
      return new optim.RMSprop(params, { lr });
  }
}
