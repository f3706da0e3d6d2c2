/** The adversarial demo's configuration as data (URL keys, defaults, what each field accepts). */
import { num, oneOf, type Schema } from './codec.js';

export const attackNames = ['fgsm', 'pgd'] as const;
export type AttackName = (typeof attackNames)[number];

/** Smooth activations offered against ReLU. */
export const smoothNames = ['gelu', 'silu', 'softplus', 'elu', 'tanh', 'mish'] as const;

export interface AdversarialConfig {
  /** Index of the attacked digit among the test digits (0–499). */
  digit: number;
  attack: AttackName;
  /** L∞ budget on pixels in [0, 1]. */
  eps: number;
  /** PGD iterations. */
  steps: number;
  /** Activation of the smooth model. */
  smooth: (typeof smoothNames)[number];
  seed: number;
}

export const adversarialSchema: Schema<AdversarialConfig> = {
  digit: { key: 'digit', codec: num(0, 499, { integer: true }), default: 0 },
  attack: { key: 'attack', codec: oneOf(attackNames), default: 'fgsm' },
  eps: { key: 'eps', codec: num(0, 1), default: 0.1 },
  steps: { key: 'steps', codec: num(1, 200, { integer: true }), default: 10 },
  smooth: { key: 'smooth', codec: oneOf(smoothNames), default: 'gelu' },
  seed: { key: 'seed', codec: num(0, 2 ** 31, { integer: true }), default: 0 },
};
