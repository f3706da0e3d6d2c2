/**
 * Pixels of the demo's pictures, as pure functions (unit-tested): a digit in grey (ink dark on
 * white), and a perturbation δ = x_adv − x in the lab's diverging colours, divided by its largest
 * |δ| so that even a small perturbation is visible (the caption gives its true size).
 */
import { writeDiverging } from '../ui/palette.js';

export interface Perturbation {
  /** x_adv − x per pixel. */
  delta: Float32Array;
  /** max |δ| (the L∞ size: at most ε) and ‖δ‖₂. */
  linf: number;
  l2: number;
  /** Pixels the attack changed. */
  changed: number;
}

export function perturbation(clean: ArrayLike<number>, adv: ArrayLike<number>): Perturbation {
  if (clean.length !== adv.length)
    throw new RangeError(
      `perturbation: the clean (${clean.length}) and adversarial (${adv.length}) images differ in size`,
    );
  const delta = new Float32Array(clean.length);
  let linf = 0;
  let sq = 0;
  let changed = 0;
  for (let i = 0; i < delta.length; i++) {
    const v = adv[i]! - clean[i]!;
    delta[i] = v;
    linf = Math.max(linf, Math.abs(v));
    sq += v * v;
    if (v !== 0) changed++;
  }
  return { delta, linf, l2: Math.sqrt(sq), changed };
}

/** δ divided by its largest |δ|, in [−1, 1] (all zeros when nothing changed). */
export function scaledPerturbation(p: Perturbation): Float32Array {
  const out = new Float32Array(p.delta.length);
  if (p.linf === 0) return out;
  for (let i = 0; i < out.length; i++) out[i] = p.delta[i]! / p.linf;
  return out;
}

/** RGBA bytes of the scaled perturbation: blue where the attack added ink (δ > 0), orange where it removed ink. */
export function perturbationRgba(p: Perturbation): Uint8ClampedArray {
  const t = scaledPerturbation(p);
  const out = new Uint8ClampedArray(t.length * 4);
  for (let i = 0; i < t.length; i++) writeDiverging(out, 4 * i, t[i]!);
  return out;
}

/** RGBA bytes of a digit with pixels in [0, 1]: ink (1) black, background (0) white. */
export function digitRgba(pixels: ArrayLike<number>): Uint8ClampedArray {
  const out = new Uint8ClampedArray(pixels.length * 4);
  for (let i = 0; i < pixels.length; i++) {
    const g = Math.round(255 * (1 - Math.min(1, Math.max(0, pixels[i]!))));
    out.set([g, g, g, 255], 4 * i);
  }
  return out;
}

/** The most probable class and its probability. */
export function topClass(probs: ArrayLike<number>): { label: number; p: number } {
  let best = 0;
  for (let j = 1; j < probs.length; j++) if (probs[j]! > probs[best]!) best = j;
  return { label: best, p: probs[best] ?? 0 };
}
