/**
 * `actlab selu`: self-normalisation (Klambauer et al. 2017, "Self-Normalizing Neural Networks").
 * A deep plain MLP (no batch norm) with LeCun-normal weights, N(0, 1/fan_in), and zero biases:
 * with SELU the mean and variance of every layer's activations stay near (0, 1) — a stable fixed
 * point of the layer map — while ReLU, tanh and ELU with the same init drift or collapse. ReLU
 * with its own (Kaiming, N(0, 2/fan_in)) init is the fair baseline. Then each network is trained
 * and the statistics measured again.
 *
 * The plan is variant (activation + init) × seed.
 */
import { settingsFingerprint, type DataConfig } from './config.js';

/** 'lecun': N(0, 1/fan_in) for every Linear; 'kaiming': N(0, gain²/fan_in) with the activation's gain (ReLU √2). Zero biases. */
export const seluInits = ['lecun', 'kaiming'] as const;
export type SeluInit = (typeof seluInits)[number];

/** One network of the study: an activation and the init it gets. */
export interface SeluVariant {
  act: string;
  init: SeluInit;
}

export interface SeluSettings extends DataConfig {
  /** Hidden layers. */
  depth: number;
  /** Units per hidden layer. */
  width: number;
  epochs: number;
  /** Plain SGD's learning rate (the paper trained its SNNs with SGD). */
  lr: number;
  batchSize: number;
  /** Training samples the statistics are measured on (the first ones, fixed). */
  probeSize: number;
}

export interface SeluConfig extends SeluSettings {
  variants: SeluVariant[];
  seeds: number[];
}

export interface SeluTask {
  /** `selu+lecun/seed0`. */
  key: string;
  fingerprint: string;
  variant: SeluVariant;
  seed: number;
  settings: SeluSettings;
}

/** "selu+lecun": a variant's id in keys and options. */
export const variantId = (v: SeluVariant): string => `${v.act}+${v.init}`;
/** "SELU, LeCun init". */
export const variantLabel = (v: SeluVariant): string => `${v.act}, ${v.init === 'lecun' ? 'LeCun' : 'Kaiming'} init`;

/**
 * Parses "selu+lecun" (or just "selu", which gets LeCun init).
 * @throws RangeError naming the text and the allowed inits.
 */
export function parseVariant(text: string): SeluVariant {
  const [act, init = 'lecun', ...rest] = text.trim().split('+');
  if (!act || rest.length > 0 || !(seluInits as readonly string[]).includes(init)) {
    throw new RangeError(
      `expected activation+init with init one of ${seluInits.join(', ')} (e.g. selu+lecun, relu+kaiming), got '${text}'`,
    );
  }
  return { act, init: init as SeluInit };
}

/**
 * The paper's comparison at a depth a 2-core machine trains in minutes: 32 hidden layers of 64
 * units on MNIST, every activation with LeCun-normal init, plus ReLU with Kaiming init; 3 epochs
 * of plain SGD; statistics on 1000 training digits.
 */
export const SELU_DEFAULTS = {
  dataset: 'mnist',
  trainSize: 8000,
  testSize: 2000,
  dataSeed: 0,
  depth: 32,
  width: 64,
  epochs: 3,
  lr: 0.01,
  batchSize: 64,
  probeSize: 1000,
  variants: ['selu+lecun', 'relu+lecun', 'tanh+lecun', 'elu+lecun', 'relu+kaiming'],
  seeds: 3,
};

export function seluSettingsOf(c: SeluSettings): SeluSettings {
  const s: SeluSettings = {
    dataset: c.dataset,
    trainSize: c.trainSize,
    testSize: c.testSize,
    dataSeed: c.dataSeed,
    depth: c.depth,
    width: c.width,
    epochs: c.epochs,
    lr: c.lr,
    batchSize: c.batchSize,
    probeSize: c.probeSize,
  };
  if (c.dataDir !== undefined) s.dataDir = c.dataDir;
  return s;
}

export function seluFingerprint(c: SeluSettings): string {
  return settingsFingerprint(seluSettingsOf(c));
}

/** Every network: variants in order, seeds ascending within each. */
export function seluTasks(c: SeluConfig): SeluTask[] {
  const settings = seluSettingsOf(c);
  const fingerprint = seluFingerprint(settings);
  return c.variants.flatMap((variant) =>
    c.seeds.map((seed) => ({
      key: `${variantId(variant)}/seed${seed}`,
      fingerprint,
      variant: { ...variant },
      seed,
      settings,
    })),
  );
}
