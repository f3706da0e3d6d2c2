/**
 * The adversarial demo's core, as its worker runs it (in Node here, on the same library): the
 * digits asset, the two MLPs, attacks on one digit and the robust-accuracy curve; and the pure
 * picture helpers (perturbation sizes, scaling and colours).
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { PIXELS, TRAIN, parseDigits, type Digits } from '../../web/src/adversarial/digits.js';
import {
  accuracy,
  buildClassifier,
  fgsmTraining,
  testIndices,
  trainEpoch,
  trainingState,
  type Classifier,
} from '../../web/src/adversarial/models.js';
import { attackDigit, robustAccuracy, type AttackSettings } from '../../web/src/adversarial/engine.js';
import {
  digitRgba,
  perturbation,
  perturbationRgba,
  scaledPerturbation,
  topClass,
} from '../../web/src/adversarial/pictures.js';
import { NEGATIVE, NEUTRAL, POSITIVE } from '../../web/src/ui/palette.js';

const asset = new URL('../../dist/lab/mnist-digits.bin.gz', import.meta.url).pathname;

describe('perturbation pictures', () => {
  it('measure δ = x_adv − x in L∞ and L2 and count the changed pixels', () => {
    const p = perturbation([0, 0.5, 1, 0.2], [0.1, 0.5, 0.7, 0.2]);
    [0.1, 0, -0.3, 0].forEach((v, k) => expect(p.delta[k]).toBeCloseTo(v, 6));
    expect(p.linf).toBeCloseTo(0.3, 6);
    expect(p.l2).toBeCloseTo(Math.hypot(0.1, 0.3), 6);
    expect(p.changed).toBe(2);
    expect(() => perturbation([0, 1], [0])).toThrow(/clean \(2\) and adversarial \(1\) images differ in size/);
  });

  it('scale δ by its largest |δ| (signs kept, zero stays zero) and colour it blue up, orange down', () => {
    const p = perturbation([0.5, 0.5, 0.5], [0.55, 0.45, 0.5]);
    const t = scaledPerturbation(p);
    expect(t[0]).toBeCloseTo(1, 5);
    expect(t[1]).toBeCloseTo(-1, 5);
    expect(t[2]).toBe(0);
    expect(Array.from(scaledPerturbation(perturbation([0.2, 0.3], [0.2, 0.3])))).toEqual([0, 0]);
    const rgba = Array.from(perturbationRgba(p));
    expect(rgba.slice(0, 4)).toEqual([...POSITIVE, 255]);
    expect(rgba.slice(4, 8)).toEqual([...NEGATIVE, 255]);
    expect(rgba.slice(8, 12)).toEqual([...NEUTRAL, 255]);
  });

  it('draw digits with ink dark on white, and name the most probable class', () => {
    expect(Array.from(digitRgba([0, 1, 0.5, 2]))).toEqual([
      255, 255, 255, 255, 0, 0, 0, 255, 128, 128, 128, 255, 0, 0, 0, 255,
    ]);
    expect(topClass([0.1, 0.7, 0.2])).toEqual({ label: 1, p: 0.7 });
  });
});

describe('the digits asset', () => {
  it('refuses a file that is not one', () => {
    expect(() => parseDigits(new TextEncoder().encode('PNG\0\0\0\0\0').buffer)).toThrow(/not a digits file/);
    const short = new Uint8Array(8 + 2);
    short.set([77, 78, 83, 84, 1, 0, 0, 0]);
    expect(() => parseDigits(short.buffer)).toThrow(/10 bytes for 1 digits \(expected 793\)/);
  });
});

describe('the two MNIST models under attack', () => {
  let d: Digits;
  const trained: Classifier[] = [];
  const pgd = (eps: number): AttackSettings => ({ attack: 'pgd', eps, steps: 10, alpha: 0, seed: 0 });

  beforeAll(() => {
    if (!existsSync(asset)) throw new Error(`the lab is not built (${asset} is missing): run npm run build`);
    const bytes = gunzipSync(readFileSync(asset));
    d = parseDigits(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    for (const act of ['relu', 'softplus']) {
      const model = buildClassifier(act, 0);
      const { opt, order } = trainingState(model, 0);
      for (let e = 0; e < 3; e++) trainEpoch(model, opt, d, order);
      trained.push(model);
    }
  }, 60_000);

  it('the asset holds 3,000 digits, 300 per class, interleaved, pixels in [0, 1]', () => {
    expect(d.count).toBe(3000);
    expect(d.pixels.length).toBe(3000 * PIXELS);
    expect(Array.from(d.labels.subarray(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    expect(Math.min(...d.pixels.subarray(0, 20 * PIXELS))).toBe(0);
    expect(Math.max(...d.pixels.subarray(0, 20 * PIXELS))).toBe(1);
  });

  it('three epochs on 2,500 digits: both models above 80 % on the 500 test digits', () => {
    for (const m of trained) expect(accuracy(m, d, testIndices(d))).toBeGreaterThan(0.8);
  });

  it('at ε = 0 the attacks change nothing: the same digit, the same probabilities', () => {
    for (const m of trained)
      for (const s of [{ ...pgd(0), attack: 'fgsm' as const }, pgd(0)]) {
        const r = attackDigit(m, d, TRAIN, s);
        expect(Array.from(r.adv)).toEqual(Array.from(d.pixels.subarray(TRAIN * PIXELS, (TRAIN + 1) * PIXELS)));
        expect(Array.from(r.attacked)).toEqual(Array.from(r.clean));
      }
  });

  it('PGD at ε = 0.3 flips a correctly classified digit, inside the ε box and the pixel range, reproducibly', () => {
    for (const m of trained) {
      const index = Array.from(testIndices(d)).find(
        (i) => topClass(attackDigit(m, d, i, pgd(0)).clean).label === d.labels[i],
      )!;
      const r = attackDigit(m, d, index, pgd(0.3));
      expect(topClass(r.attacked).label).not.toBe(d.labels[index]);
      const p = perturbation(d.pixels.subarray(index * PIXELS, (index + 1) * PIXELS), r.adv);
      expect(p.linf).toBeLessThanOrEqual(0.3 + 1e-6);
      expect(Math.min(...r.adv)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...r.adv)).toBeLessThanOrEqual(1);
      expect(Array.from(attackDigit(m, d, index, pgd(0.3)).adv)).toEqual(Array.from(r.adv));
    }
  });

  it('the curve starts at the clean accuracy and falls under attack', () => {
    const index = testIndices(d).subarray(0, 100);
    for (const m of trained) {
      expect(robustAccuracy(m, d, index, pgd(0))).toBe(accuracy(m, d, index));
      const fgsm = robustAccuracy(m, d, index, { ...pgd(0.1), attack: 'fgsm' });
      const strong = robustAccuracy(m, d, index, pgd(0.1));
      expect(fgsm).toBeLessThan(accuracy(m, d, index));
      // PGD-10 is at least as strong as FGSM here (FGSM is its first step without the random start).
      expect(strong).toBeLessThanOrEqual(fgsm + 0.02);
      expect(robustAccuracy(m, d, index, pgd(0.3))).toBeLessThan(0.05);
    }
  });

  it('FGSM adversarial training (the library transform, as fit applies it) makes PGD far less effective', () => {
    const model = buildClassifier('relu', 0);
    const { opt, order } = trainingState(model, 0);
    const transform = fgsmTraining(0.1, 0);
    expect(fgsmTraining(0, 0)).toBeUndefined();
    for (let e = 1; e <= 3; e++) trainEpoch(model, opt, d, order, e, transform);
    const index = testIndices(d).subarray(0, 100);
    expect(accuracy(model, d, testIndices(d))).toBeGreaterThan(0.75);
    const robust = robustAccuracy(model, d, index, pgd(0.1));
    const clean = robustAccuracy(trained[0]!, d, index, pgd(0.1));
    expect(robust).toBeGreaterThan(clean + 0.2);
  }, 30_000);
});
