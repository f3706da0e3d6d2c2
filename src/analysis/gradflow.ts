/**
 * Gradient flow through depth: per-layer gradient norms of deep MLPs at initialisation and
 * after a few training steps — the vanishing (sigmoid, tanh without the right gain) and
 * exploding gradients of the course notes, measured.
 */
import type { Dataset } from '../data/dataset.js';
import { DataLoader } from '../data/loader.js';
import { crossEntropy } from '../nn/functional/loss-classification.js';
import { Generator, manualSeed } from '../tensor/random.js';
import type { ResolvedActivation } from '../activations/resolve.js';
import { layerGradNorms } from './network.js';
import { buildMlp } from '../models/mlp.js';
import type { InitScheme } from '../models/init.js';
import { Adam } from '../optim/adam.js';
import { SGD } from '../optim/sgd.js';
import { Tensor } from '../tensor/tensor.js';
import { release, stepScope } from '../backend/scope.js';

export interface GradFlowOptions {
  /** Hidden layers of each network (its depth). */
  depth: number;
  /** Units per hidden layer (default 32). */
  width?: number;
  init?: InitScheme;
  /** Training steps before the second measurement (default 20). */
  steps?: number;
  /** Learning rate of those steps (default 0.01). */
  lr?: number;
  optimizer?: 'sgd' | 'adam';
  /** Batch size of the steps and of the measurement batch (default 256). */
  batchSize?: number;
  seed?: number;
}

/** Gradient norms of one network, input layer first (index depth = the output layer). */
export interface GradFlowResult {
  act: string;
  depth: number;
  init: number[];
  trained: number[];
  /** Loss on the measurement batch at init and after the steps. */
  lossInit: number;
  lossTrained: number;
}

/**
 * Builds an MLP with `depth` hidden layers, measures ‖∂loss/∂W‖ per layer on a fixed batch,
 * trains `steps` mini-batch steps, and measures again.
 *
 * @example gradientFlow(resolveActivation('sigmoid'), train, { depth: 20 }).init[0] // tiny: vanished
 */
export function gradientFlow(act: ResolvedActivation, data: Dataset, options: GradFlowOptions): GradFlowResult {
  const {
    depth,
    width = 32,
    init = 'xavier',
    steps = 20,
    lr = 0.01,
    optimizer = 'sgd',
    batchSize = 256,
    seed = 0,
  } = options;
  if (!Number.isInteger(depth) || depth < 1)
    throw new RangeError(`gradientFlow: depth must be an integer ≥ 1, got ${depth}`);
  manualSeed(seed);
  const model = buildMlp({
    inputShape: data.featureShape,
    hidden: Array.from({ length: depth }, () => width),
    classes: data.numClasses,
    activation: act,
    init,
    generator: new Generator(seed),
  });
  const m = Math.min(batchSize, data.n);
  const size = data.x.length / data.n;
  const x = new Tensor(data.x.slice(0, m * size), [m, ...data.featureShape], 'float32');
  const y = new Tensor(data.y.slice(0, m), [m], 'int32');
  const lossOf = (): number => crossEntropy(model.forward(x), y).item();
  const initNorms = layerGradNorms(model, x, y);
  const lossInit = lossOf();
  const opt = optimizer === 'adam' ? new Adam(model.parameters(), { lr }) : new SGD(model.parameters(), { lr });
  const loader = new DataLoader(data, { batchSize, shuffle: true, seed });
  let done = 0;
  const memory = stepScope(model, opt); // frees each step's tensors (WASM storage is not GC-driven in a loop)
  while (done < steps) {
    for (const batch of loader) {
      if (done++ >= steps) break;
      memory.run(() => {
        opt.zeroGrad();
        crossEntropy(model.forward(batch.x), batch.y).backward();
        opt.step();
      });
      release(batch.x, batch.y);
    }
  }
  memory.close();
  return { act: act.id, depth, init: initNorms, trained: layerGradNorms(model, x, y), lossInit, lossTrained: lossOf() };
}

/** ‖∇W₁‖ / ‖∇W_out‖: how much of the output layer's gradient reaches the input layer (≪ 1: vanishing, ≫ 1: exploding). */
export const inputToOutputRatio = (norms: readonly number[]): number => norms[0]! / norms[norms.length - 1]!;
