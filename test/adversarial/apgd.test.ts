/**
 * APGD where the answer is known. For a linear two-class model z = Wx + b the loss grows with the
 * margin (w_o − w_y)·x, so the worst case in the L∞ box is the corner
 * clip(x + ε·sign(w_o − w_y)) (each coordinate on its own), and in an L2 ball that the clip
 * range does not cut, x + ε·(w_o − w_y)/‖w_o − w_y‖.
 */
import { describe, expect, it } from 'vitest';
import { Generator, adversarial, nn, noGrad, rand, tensor, type Tensor } from '../../src/index.js';
import { maxAbsDiff } from './helpers.js';

const D = 20;

function linear(seed: number): { model: InstanceType<typeof nn.Sequential>; w: Float64Array } {
  const fc = new nn.Linear(D, 2, { dtype: 'float64', generator: new Generator(seed) });
  return { model: new nn.Sequential(fc), w: fc.weight.data as Float64Array };
}

/** Labels the model predicts, so every sample starts correctly classified (APGD skips the others). */
function predicted(model: InstanceType<typeof nn.Sequential>, x: Tensor): Tensor {
  const z = noGrad(() => model.forward(x)).data;
  return tensor(
    Array.from({ length: x.shape[0]! }, (_, i) => (z[2 * i + 1]! > z[2 * i]! ? 1 : 0)),
    { dtype: 'int32' },
  );
}

describe('APGD on a linear model', () => {
  it('L∞: reaches the analytic corner clip(x + ε·sign(w_o − w_y)), with CE and over restarts', () => {
    const { model, w } = linear(1);
    const x = rand([16, D], { dtype: 'float64', generator: new Generator(2) });
    const y = predicted(model, x);
    const eps = 0.15;
    const expected = Array.from(x.data, (v, k) => {
      const i = Math.floor(k / D);
      const j = k % D;
      const label = y.data[i]!;
      const dir = Math.sign(w[(1 - label) * D + j]! - w[label * D + j]!);
      return Math.min(1, Math.max(0, v + eps * dir));
    });
    for (const restarts of [1, 3]) {
      const adv = adversarial.apgd(model, x, y, { eps, steps: 25, restarts, generator: new Generator(restarts) });
      expect(maxAbsDiff(adv.data, expected)).toBeLessThanOrEqual(1e-12);
    }
  });

  it('L2: converges to x + ε·(w_o − w_y)/‖w_o − w_y‖ when the ball stays inside [0, 1]', () => {
    // The best-loss point stops moving once the loss gain (∝ angle²) is below float64 resolution:
    // an angle of ~1e-6, so points agree to ~ε·1e-6 and losses to rounding.
    const { model, w } = linear(3);
    const gen = new Generator(4);
    const x = tensor(
      Array.from({ length: 8 * D }, () => gen.uniform(0.4, 0.6)),
      { shape: [8, D], dtype: 'float64' },
    );
    const y = predicted(model, x);
    const eps = 0.05; // < 0.1, the distance to the clip range's faces: the ball is not cut
    const expected = Array.from(x.data, (v, k) => {
      const i = Math.floor(k / D);
      const label = y.data[i]!;
      let n = 0;
      for (let j = 0; j < D; j++) n += (w[(1 - label) * D + j]! - w[label * D + j]!) ** 2;
      const j = k % D;
      return v + (eps * (w[(1 - label) * D + j]! - w[label * D + j]!)) / Math.sqrt(n);
    });
    const adv = adversarial.apgd(model, x, y, { eps, norm: 'l2', steps: 100, generator: new Generator(5) });
    expect(maxAbsDiff(adv.data, expected)).toBeLessThan(1e-6);
    const loss = (t: Tensor): Float64Array =>
      adversarial.logitLoss('ce', noGrad(() => model.forward(t)).data, y.data as Int32Array, 2, 't').loss;
    const best = loss(tensor(expected, { shape: [8, D], dtype: 'float64' }));
    loss(adv).forEach((v, i) => expect(Math.abs(v - best[i]!)).toBeLessThan(1e-12));
  });

  it('returns samples the model already misclassifies unchanged (as AutoAttack)', () => {
    const { model } = linear(6);
    const x = rand([10, D], { dtype: 'float64', generator: new Generator(7) });
    const right = predicted(model, x);
    const y = tensor(
      Array.from(right.data, (c, i) => (i < 4 ? 1 - c : c)),
      { dtype: 'int32' },
    );
    const adv = adversarial.apgd(model, x, y, { eps: 0.1, steps: 10 });
    expect(Array.from(adv.data.subarray(0, 4 * D))).toEqual(Array.from(x.data.subarray(0, 4 * D)));
    expect(maxAbsDiff(adv.data.subarray(4 * D), x.data.subarray(4 * D))).toBeGreaterThan(0);
  });

  it('on a 3-class tanh MLP: APGD-CE is at least as strong as PGD-20, and APGD-DLR fools samples too', () => {
    const model = new nn.Sequential(
      new nn.Linear(D, 8, { dtype: 'float64', generator: new Generator(8) }),
      new nn.Tanh(),
      new nn.Linear(8, 3, { dtype: 'float64', generator: new Generator(9) }),
    );
    for (const p of model.parameters()) p.data.forEach((v, i, a) => (a[i] = 4 * v));
    const x = rand([40, D], { dtype: 'float64', generator: new Generator(10) });
    const z = noGrad(() => model.forward(x)).data;
    const y = tensor(
      Array.from({ length: 40 }, (_, i) => [0, 1, 2].reduce((b, c) => (z[3 * i + c]! > z[3 * i + b]! ? c : b), 0)),
      { dtype: 'int32' },
    );
    const r = adversarial.evaluate(model, { x, y }, [
      { attack: 'pgd', eps: 0.1, steps: 20 },
      { attack: 'apgd', eps: 0.1, steps: 50 },
      { attack: 'apgd', eps: 0.1, steps: 50, loss: 'dlr' },
    ]);
    const [p, ce, dlr] = r.attacks.map((a) => a.robustAccuracy) as [number, number, number];
    expect(r.cleanAccuracy).toBe(1);
    expect(ce).toBeLessThanOrEqual(p);
    expect(dlr).toBeLessThan(0.6);
  });
});
