/**
 * The contract every attack keeps: inputs untouched, a new detached tensor of x's shape and dtype,
 * inside the ε-ball and the clip range, eval mode during the attack with the previous mode
 * restored, works inside noGrad, parameter gradients and flags untouched, seeded random starts.
 */
import { describe, expect, it } from 'vitest';
import { Generator, adversarial, enableGrad, isGradEnabled, nn, noGrad, tensor, type Tensor } from '../../src/index.js';
import { Module } from '../../src/nn/module.js';
import { batch, maxAbsDiff, mlp } from './helpers.js';

const specs: adversarial.AttackSpec[] = [
  { attack: 'fgsm', eps: 0.1 },
  { attack: 'pgd', eps: 0.1, steps: 3 },
  { attack: 'pgd', eps: 0.5, steps: 3, norm: 'l2' },
  { attack: 'pgd', eps: 0.1, steps: 2, restarts: 2 },
  { attack: 'apgd', eps: 0.1, steps: 4 },
  { attack: 'apgd', eps: 0.5, steps: 4, norm: 'l2', loss: 'dlr' },
];

/** Records the training flag and grad mode it sees in forward. */
class Probe extends Module {
  seen: { training: boolean; grad: boolean }[] = [];
  forward(x: Tensor): Tensor {
    this.seen.push({ training: this.training, grad: isGradEnabled() });
    return x;
  }
}

describe.each(specs)('$attack %#', (spec) => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`${dtype}: leaves x alone, returns a new detached tensor inside the ball and [0, 1]`, () => {
      const model = mlp(12, 3, dtype);
      const { x, y } = batch(8, [3, 4], 3, dtype);
      const before = Array.from(x.data);
      const adv = adversarial.runAttack(model, x, y, spec);
      expect(Array.from(x.data)).toEqual(before);
      expect(adv).not.toBe(x);
      expect(adv.data).not.toBe(x.data);
      expect(adv.shape).toEqual(x.shape);
      expect(adv.dtype).toBe(dtype);
      expect(adv.requiresGrad).toBe(false);
      expect(adv.gradFn).toBeNull();
      expect(Math.min(...adv.data)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...adv.data)).toBeLessThanOrEqual(1);
      const tol = dtype === 'float32' ? 1e-6 : 1e-12;
      if ((spec.attack === 'fgsm' ? 'linf' : (spec.norm ?? 'linf')) === 'linf') {
        expect(maxAbsDiff(adv.data, x.data)).toBeLessThanOrEqual(spec.eps + tol);
      } else {
        for (let i = 0; i < 8; i++) {
          let s = 0;
          for (let j = 0; j < 12; j++) s += (adv.data[i * 12 + j]! - x.data[i * 12 + j]!) ** 2;
          expect(Math.sqrt(s)).toBeLessThanOrEqual(spec.eps * (1 + tol));
        }
      }
      // The attack moved something (these random models are easy to push).
      expect(maxAbsDiff(adv.data, x.data)).toBeGreaterThan(0);
    });
  }

  it('runs in eval mode with grad recording, restores train mode, and works inside noGrad', () => {
    const probe = new Probe();
    const model = new nn.Sequential(probe, mlp(12, 3));
    const { x, y } = batch(4, [12], 3);
    model.train();
    noGrad(() => adversarial.runAttack(model, x, y, spec));
    expect(probe.seen.length).toBeGreaterThan(0);
    // Gradient passes record the tape even inside noGrad (prediction-only passes need not).
    expect(probe.seen.every((s) => !s.training)).toBe(true);
    expect(probe.seen.some((s) => s.grad)).toBe(true);
    expect(model.training && probe.training).toBe(true);
    expect(isGradEnabled()).toBe(true);
    model.eval();
    adversarial.runAttack(model, x, y, spec);
    expect(model.training || probe.training).toBe(false);
    model.train();
    probe.seen = [];
    adversarial.runAttack(model, x, y, { ...spec, keepTrainMode: true });
    expect(probe.seen.every((s) => s.training)).toBe(true);
  });

  it('leaves parameter gradients and requiresGrad flags untouched', () => {
    const model = mlp(12, 3);
    const { x, y } = batch(4, [12], 3);
    const params = model.parameters();
    const sentinel = tensor(
      Array.from(params[0]!.data, () => 7),
      { shape: params[0]!.shape },
    );
    params[0]!.grad = sentinel;
    params[1]!.requiresGrad = false;
    enableGrad(() => adversarial.runAttack(model, x, y, spec));
    expect(params[0]!.grad).toBe(sentinel);
    expect(Array.from(sentinel.data).every((v) => v === 7)).toBe(true);
    expect(params.slice(2).every((p) => p.grad === null)).toBe(true);
    expect(params.map((p) => p.requiresGrad)).toEqual([true, false, true, true]);
  });
});

describe('attack behaviour', () => {
  it('eps = 0 returns the inputs', () => {
    const model = mlp(6, 3);
    const { x, y } = batch(5, [6], 3);
    for (const spec of specs)
      expect(Array.from(adversarial.runAttack(model, x, y, { ...spec, eps: 0 }).data)).toEqual(Array.from(x.data));
  });

  it('seeded random starts: the same generator seed gives the same points, another seed others', () => {
    const model = mlp(6, 3);
    const { x, y } = batch(5, [6], 3);
    for (const attack of ['pgd', 'apgd'] as const) {
      const run = (seed: number): number[] =>
        Array.from(
          adversarial.runAttack(model, x, y, { attack, eps: 0.2, steps: 2, generator: new Generator(seed) }).data,
        );
      expect(run(3)).toEqual(run(3));
      expect(run(3)).not.toEqual(run(4));
    }
  });

  it('raises the loss: PGD ≥ FGSM ≥ clean on average (cross-entropy)', () => {
    const model = mlp(20, 4, 'float64');
    const { x, y } = batch(64, [20], 4, 'float64');
    const ce = (t: Tensor): number => {
      const logits = model.forward(t).data;
      return adversarial.logitLoss('ce', logits, y.data as Int32Array, 4, 't').loss.reduce((a, b) => a + b, 0) / 64;
    };
    const clean = noGrad(() => ce(x));
    const f = noGrad(() => ce(adversarial.fgsm(model, x, y, { eps: 0.2 })));
    const p = noGrad(() => ce(adversarial.pgd(model, x, y, { eps: 0.2, steps: 20, alpha: 0.02 })));
    expect(f).toBeGreaterThan(clean);
    expect(p).toBeGreaterThanOrEqual(f);
  });

  it('restarts keep, per sample, a misclassified point when one restart found it', () => {
    const model = mlp(10, 3, 'float64');
    const { x, y } = batch(40, [10], 3, 'float64');
    const wrong = (t: Tensor): number => {
      const z = noGrad(() => model.forward(t)).data;
      let k = 0;
      for (let i = 0; i < 40; i++) {
        const row = [z[3 * i]!, z[3 * i + 1]!, z[3 * i + 2]!];
        if (row.indexOf(Math.max(...row)) !== y.data[i]) k++;
      }
      return k;
    };
    const one = wrong(adversarial.pgd(model, x, y, { eps: 0.05, steps: 2, generator: new Generator(0) }));
    const five = wrong(adversarial.pgd(model, x, y, { eps: 0.05, steps: 2, restarts: 5, generator: new Generator(0) }));
    expect(five).toBeGreaterThanOrEqual(one);
  });

  it('the hand-written logit-loss gradients match finite differences', () => {
    const c = 5;
    const y = new Int32Array([2, 0, 4]);
    const z = Array.from({ length: 3 * c }, (_, i) => Math.sin(3.7 * i) * 2);
    for (const kind of adversarial.attackLosses) {
      const { grad } = adversarial.logitLoss(kind, z, y, c, 't');
      for (let i = 0; i < z.length; i++) {
        const h = 1e-6;
        const up = z.slice();
        const down = z.slice();
        up[i]! += h;
        down[i]! -= h;
        const f = (v: number[]): number => adversarial.logitLoss(kind, v, y, c, 't').loss.reduce((a, b) => a + b, 0);
        expect(Math.abs((f(up) - f(down)) / (2 * h) - grad[i]!), `${kind} logit ${i}`).toBeLessThan(1e-6);
      }
    }
  });

  it('describes attacks for tables', () => {
    expect(adversarial.describeAttack({ attack: 'pgd', eps: 0.3, steps: 40, restarts: 5 })).toBe('PGD-40×5 L∞ ε=0.3');
    expect(adversarial.describeAttack({ attack: 'apgd', eps: 1.5, norm: 'l2', loss: 'dlr' })).toBe(
      'APGD-DLR-100 L2 ε=1.5',
    );
    expect(adversarial.describeAttack({ attack: 'fgsm', eps: 0.1 })).toBe('FGSM ε=0.1');
  });
});
