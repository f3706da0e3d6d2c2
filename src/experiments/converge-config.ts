/**
 * `actlab converge`: how fast a network reaches a training-error target under each activation —
 * the notes' "ReLU converges much faster than tanh/sigmoid (e.g. 6×)", which quotes Krizhevsky et
 * al. 2012 (Figure 1: a four-layer CNN on CIFAR-10 reached 25% training error six times sooner in
 * epochs with ReLU than with tanh, each at its own best learning rate, no regularisation).
 *
 * The plan is activation × learning rate × seed; the report keeps, per activation, the learning
 * rate that reached the target soonest (as the paper tuned each network's rate).
 */
import type { InitScheme } from '../models/init.js';
import { settingsFingerprint, type DataConfig } from './config.js';

/** 'momentum' is SGD with momentum 0.9 (Krizhevsky's optimizer); 'sgd' has none; 'adam' is torch's Adam. */
export const convergeOptimizers = ['momentum', 'sgd', 'adam'] as const;
export type ConvergeOptimizer = (typeof convergeOptimizers)[number];

/** Everything that decides a run's numbers except the activation, learning rate and seed. */
export interface ConvergeSettings extends DataConfig {
  /** Output channels of the conv blocks (conv3×3 → act → maxpool2 each). */
  channels: number[];
  /** Dense hidden widths after the conv blocks ([] : the classifier follows the last block). */
  hidden: number[];
  init: InitScheme;
  optimizer: ConvergeOptimizer;
  batchSize: number;
  /** Epoch budget of a run; a run stops earlier once it reaches the target. */
  maxEpochs: number;
  /** Training error (fraction, on the probe subset) to reach. */
  target: number;
  /** Training-error measurements per epoch (the resolution of "epochs to target"). */
  evalsPerEpoch: number;
  /** Training samples the error is measured on (the first ones of the training set, fixed). */
  probeSize: number;
}

export interface ConvergeConfig extends ConvergeSettings {
  acts: string[];
  lrs: number[];
  seeds: number[];
}

/** One run, as sent to a worker. */
export interface ConvergeTask {
  /** `act/lr0.01/seed0`. */
  key: string;
  fingerprint: string;
  act: string;
  lr: number;
  seed: number;
  settings: ConvergeSettings;
}

/**
 * Krizhevsky et al.'s four-layer net, as far as Fashion-MNIST and a 2-core machine allow: three
 * conv blocks of 16, 16, 32 channels (3×3 here, 5×5 and 32/32/64 there) and the linear classifier —
 * four weight layers, no normalisation, no dropout. 3000 training images, batch 64, SGD + momentum
 * 0.9 at one learning rate (0.05, where both ReLU and tanh are fastest of 0.01, 0.05, 0.1 at this
 * size; `--lrs` tunes each activation's rate as the paper did), at most 5 epochs, the target 20%
 * training error (tanh reaches it in about 1.5 epochs), measured 4 times per epoch on 1000
 * training images; 3 seeds. About 18 runs of 20–60 s of CPU each.
 */
export const CONVERGE_DEFAULTS = {
  dataset: 'fashion-mnist',
  trainSize: 3000,
  testSize: 1000,
  dataSeed: 0,
  channels: [16, 16, 32],
  hidden: [] as number[],
  init: 'default' as InitScheme,
  optimizer: 'momentum' as ConvergeOptimizer,
  batchSize: 64,
  maxEpochs: 5,
  target: 0.2,
  evalsPerEpoch: 4,
  probeSize: 1000,
  acts: ['relu', 'tanh', 'sigmoid', 'leaky_relu', 'gelu', 'silu'],
  lrs: [0.05],
  seeds: 3,
};

/** The settings part of a config, keys in a fixed order (fingerprints depend on it). */
export function convergeSettingsOf(c: ConvergeSettings): ConvergeSettings {
  const s: ConvergeSettings = {
    dataset: c.dataset,
    trainSize: c.trainSize,
    testSize: c.testSize,
    dataSeed: c.dataSeed,
    channels: [...c.channels],
    hidden: [...c.hidden],
    init: c.init,
    optimizer: c.optimizer,
    batchSize: c.batchSize,
    maxEpochs: c.maxEpochs,
    target: c.target,
    evalsPerEpoch: c.evalsPerEpoch,
    probeSize: c.probeSize,
  };
  if (c.dataDir !== undefined) s.dataDir = c.dataDir;
  return s;
}

/** A short stable hash of the settings (the data folder left out: same files, same numbers). */
export function convergeFingerprint(c: ConvergeSettings): string {
  return settingsFingerprint(convergeSettingsOf(c));
}

export const convergeKey = (act: string, lr: number, seed: number): string => `${act}/lr${lr}/seed${seed}`;

/** Every run: activations in order, then learning rates, then seeds. */
export function convergeTasks(c: ConvergeConfig): ConvergeTask[] {
  const settings = convergeSettingsOf(c);
  const fingerprint = convergeFingerprint(settings);
  return c.acts.flatMap((act) =>
    c.lrs.flatMap((lr) =>
      c.seeds.map((seed) => ({ key: convergeKey(act, lr, seed), fingerprint, act, lr, seed, settings })),
    ),
  );
}
