/** Messages between the page and the adversarial demo's worker. */
import type { BackendReport } from '../runner/backend.js';
import type { AttackSettings } from './engine.js';

export type AdvToWorker =
  /** Loads the digits (once) and trains both models; a newer 'train' abandons an older one. */
  | {
      type: 'train';
      digitsUrl: string;
      acts: [string, string];
      epochs: number;
      /** FGSM adversarial training radius (0: clean training). */
      trainEps: number;
      seed: number;
      run: number;
    }
  /** Attacks test digit `digit` (0–499) with both models of run `run`. */
  | { type: 'attack'; id: number; run: number; digit: number; settings: AttackSettings }
  /** The robust-accuracy curve over CURVE_EPS; a newer 'curve' or 'train' abandons it. */
  | { type: 'curve'; id: number; run: number; settings: Omit<AttackSettings, 'eps'> };

export interface ModelProgress {
  act: string;
  epoch: number;
  epochs: number;
  loss: number;
  /** Test accuracy on the 500 test digits after the epoch. */
  testAccuracy: number;
}

export type AdvFromWorker =
  | { type: 'ready'; backend: BackendReport }
  | { type: 'progress'; run: number; model: 0 | 1; progress: ModelProgress }
  /** Both models trained; `seconds` of training (the digits' download excluded). */
  | { type: 'trained'; run: number; seconds: number }
  | {
      type: 'attacked';
      id: number;
      digit: number;
      label: number;
      /** The clean digit (784 pixels in [0, 1]). */
      clean: Float32Array;
      /** Per model: the adversarial digit and the probabilities before and after. */
      models: [AttackView, AttackView];
      ms: number;
    }
  | { type: 'curve'; id: number; eps: number[]; robust: [number[], number[]]; done: boolean; ms: number }
  | { type: 'error'; run: number; message: string };

export interface AttackView {
  adv: Float32Array;
  clean: Float32Array;
  attacked: Float32Array;
}
