/**
 * The adversarial demo's configuration as data: one schema gives the URL keys, the defaults and
 * what each field accepts. Two MNIST MLPs that differ only in their activation (ReLU against a
 * smooth one by default) are attacked with FGSM or PGD on one test digit.
 */
import { num, oneOf, text, type Schema } from './codec.js';

export const attackNames = ['fgsm', 'pgd'] as const;
export type AttackName = (typeof attackNames)[number];

/** Largest ε the slider offers (pixel units; 0.3 is the classic MNIST L∞ budget). */
export const MAX_EPS = 0.3;
/** Test digits the picker walks through (the asset's last 500 digits). */
export const TEST_DIGITS = 500;

export interface AdversarialConfig {
  /** Activations of the two models (elementwise registry ids). */
  actA: string;
  actB: string;
  /** Training epochs of both models over the 2,500 training digits. */
  epochs: number;
  /** FGSM adversarial training radius of both models (random start, step 1.25ε); 0: clean training. */
  trainEps: number;
  /** Seed of both models' weights and batch order, and of PGD's random start. */
  seed: number;
  /** Index of the attacked digit among the test digits. */
  digit: number;
  attack: AttackName;
  /** L∞ radius on pixels in [0, 1]. */
  eps: number;
  /** PGD iterations. */
  steps: number;
  /** PGD step size; 0: the library's default 2.5·ε/steps. */
  alpha: number;
}

export const adversarialSchema: Schema<AdversarialConfig> = {
  actA: { key: 'a', codec: text, default: 'relu' },
  actB: { key: 'b', codec: text, default: 'gelu' },
  epochs: { key: 'epochs', codec: num(1, 30, { integer: true }), default: 8 },
  trainEps: { key: 'at', codec: num(0, MAX_EPS), default: 0 },
  seed: { key: 'seed', codec: num(0, 2 ** 31, { integer: true }), default: 0 },
  digit: { key: 'digit', codec: num(0, TEST_DIGITS - 1, { integer: true }), default: 0 },
  attack: { key: 'attack', codec: oneOf(attackNames), default: 'pgd' },
  eps: { key: 'eps', codec: num(0, MAX_EPS), default: 0.1 },
  steps: { key: 'steps', codec: num(1, 100, { integer: true }), default: 10 },
  alpha: { key: 'alpha', codec: num(0, MAX_EPS), default: 0 },
};
