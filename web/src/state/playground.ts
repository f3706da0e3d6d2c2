/**
 * The playground's configuration as data: one schema gives the URL keys, the defaults and what
 * each field accepts. Defaults are `actlab train`'s (xor, 1000 points 800/200, 8-8 ReLU, Adam
 * 0.01, batch 32, cross-entropy), so the default page has an exact CLI equivalent.
 */
import { featureNames, type FeatureName } from '../data/features.js';
import { planarNames, type PlanarName } from '../data/planar.js';
import { models } from '../lib.js';
import { bool, list, num, oneOf, text, type Schema } from './codec.js';

export const lossNames = ['cross_entropy', 'bce', 'mse', 'l1', 'huber'] as const;
export type LossName = (typeof lossNames)[number];
export const optimizerNames = ['sgd', 'momentum', 'adam', 'adamw', 'rmsprop'] as const;
export type OptimizerName = (typeof optimizerNames)[number];
export const regNames = ['none', 'l1', 'l2'] as const;
export type RegName = (typeof regNames)[number];
/** The library's init schemes (models.initSchemes). */
export const initNames = models.initSchemes;
export type InitName = (typeof initNames)[number];

/** Largest network the playground builds (the issue asks for at least 6 × 16). */
export const MAX_LAYERS = 8;
export const MAX_WIDTH = 16;

export interface PlaygroundConfig {
  dataset: PlanarName;
  /** Points in train + test. */
  points: number;
  /** Noise of the generator (the dataset's default when the dataset is picked). */
  noise: number;
  testPercent: number;
  classes: number;
  dataSeed: number;
  features: FeatureName[];
  hidden: number[];
  /** One activation id per hidden layer, or one for all. */
  acts: string[];
  loss: LossName;
  optimizer: OptimizerName;
  lr: number;
  batchSize: number;
  reg: RegName;
  regRate: number;
  init: InitName;
  seed: number;
  /** Activations trained side by side (2–4); empty: a single network. */
  compare: string[];
  showTest: boolean;
}

export const playgroundSchema: Schema<PlaygroundConfig> = {
  dataset: { key: 'data', codec: oneOf(planarNames), default: 'xor' },
  points: { key: 'n', codec: num(20, 4000, { integer: true }), default: 1000 },
  noise: { key: 'noise', codec: num(0, 5), default: 0.25 },
  testPercent: { key: 'test', codec: num(5, 90, { integer: true }), default: 20 },
  classes: { key: 'classes', codec: num(2, 6, { integer: true }), default: 3 },
  dataSeed: { key: 'dataSeed', codec: num(0, 2 ** 31, { integer: true }), default: 0 },
  features: { key: 'feat', codec: list(oneOf(featureNames), 1, featureNames.length), default: ['x1', 'x2'] },
  hidden: { key: 'hidden', codec: list(num(1, MAX_WIDTH, { integer: true }), 0, MAX_LAYERS), default: [8, 8] },
  acts: { key: 'act', codec: list(text, 1, MAX_LAYERS), default: ['relu'] },
  loss: { key: 'loss', codec: oneOf(lossNames), default: 'cross_entropy' },
  optimizer: { key: 'opt', codec: oneOf(optimizerNames), default: 'adam' },
  lr: { key: 'lr', codec: num(1e-6, 100), default: 0.01 },
  batchSize: { key: 'batch', codec: num(1, 1000, { integer: true }), default: 32 },
  reg: { key: 'reg', codec: oneOf(regNames), default: 'none' },
  regRate: { key: 'regRate', codec: num(0, 10), default: 0.001 },
  init: { key: 'init', codec: oneOf(initNames), default: 'default' },
  seed: { key: 'seed', codec: num(0, 2 ** 31, { integer: true }), default: 0 },
  compare: { key: 'cmp', codec: list(text, 0, 4), default: [] },
  showTest: { key: 'showTest', codec: bool, default: true },
};

/** The activation of hidden layer `layer` (a single id applies to every layer). */
export const layerActivation = (c: PlaygroundConfig, layer: number): string =>
  c.acts[Math.min(layer, c.acts.length - 1)] ?? 'relu';

/** Losses that fit a dataset's kind (BCE: two classes only, one output). */
export function lossesFor(kind: 'classification' | 'regression', classes: number): LossName[] {
  if (kind === 'regression') return ['mse', 'l1', 'huber'];
  return classes === 2 ? ['cross_entropy', 'bce', 'mse'] : ['cross_entropy', 'mse'];
}
