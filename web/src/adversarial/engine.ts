/**
 * The demo's computations, free of messaging so Node tests can run them: attacking one digit with
 * both models, and one point of the robust-accuracy curve. Attacks are the library's
 * (`adversarial.runAttack`); PGD's random start draws from a generator seeded by the settings,
 * so a link reproduces the same adversarial digit.
 */
import { adversarial, Generator, tensor, tidy, type Tensor } from '../lib.js';
import { PIXELS, type Digits } from './digits.js';
import { argmaxRows, batchOf, probabilities, type Classifier } from './models.js';

export interface AttackSettings {
  attack: 'fgsm' | 'pgd';
  /** L∞ radius in pixel units (pixels lie in [0, 1]). */
  eps: number;
  /** PGD iterations. */
  steps: number;
  /** PGD step size; 0 takes the library's default 2.5·ε/steps. */
  alpha: number;
  /** Seed of PGD's random start. */
  seed: number;
}

/** ε values of the robust-accuracy curve: 0 to 0.3 in steps of 0.025. */
export const CURVE_EPS: readonly number[] = Array.from({ length: 13 }, (_, i) => Number((i * 0.025).toFixed(3)));
/** Test digits the curve is computed on (the first of the 500 test digits; classes interleaved). */
export const CURVE_DIGITS = 200;

/** The library's attack spec for the settings. */
export function attackSpec(s: AttackSettings): adversarial.AttackSpec {
  if (s.attack === 'fgsm') return { attack: 'fgsm', eps: s.eps };
  return {
    attack: 'pgd',
    eps: s.eps,
    steps: s.steps,
    ...(s.alpha > 0 ? { alpha: s.alpha } : {}),
    generator: new Generator(s.seed),
  };
}

/** Adversarial points for `x` (detached, a new array). */
export function attackRows(model: Classifier, x: Tensor, y: Tensor, s: AttackSettings): Float32Array {
  return tidy(() => Float32Array.from(adversarial.runAttack(model, x, y, attackSpec(s)).data));
}

export interface DigitAttack {
  /** The adversarial digit (784 pixels). */
  adv: Float32Array;
  /** Softmax probabilities on the clean and on the adversarial digit (10 each). */
  clean: Float32Array;
  attacked: Float32Array;
}

/** Attacks digit `index` of `d` (an index into all digits) against `model`. */
export function attackDigit(model: Classifier, d: Digits, index: number, s: AttackSettings): DigitAttack {
  return tidy(() => {
    const { x, y } = batchOf(d, [index]);
    const adv = attackRows(model, x, y, s);
    return {
      adv,
      clean: probabilities(model, x),
      attacked: probabilities(model, tensor(adv, { shape: [1, PIXELS] })),
    };
  });
}

/**
 * Robust accuracy of `model` on the digits `index` under the attack `s`: the share
 * whose attacked version the model still classifies correctly (at ε = 0, the clean accuracy).
 */
export function robustAccuracy(model: Classifier, d: Digits, index: ArrayLike<number>, s: AttackSettings): number {
  return tidy(() => {
    const { x, y } = batchOf(d, index);
    const adv = attackRows(model, x, y, s);
    const pred = argmaxRows(probabilities(model, tensor(adv, { shape: [index.length, PIXELS] })));
    let right = 0;
    for (let k = 0; k < index.length; k++) if (pred[k] === d.labels[index[k]!]) right++;
    return right / index.length;
  });
}
