/** Bad input to the attacks: each error names the attack, the argument, the bad value and what is allowed. */
import { describe, expect, it } from 'vitest';
import { adversarial, nn, tensor, type Tensor } from '../../src/index.js';
import { batch, mlp } from './helpers.js';

const model = mlp(6, 3);
const { x, y } = batch(4, [6], 3);
const run = (spec: unknown, xx: Tensor = x, yy: Tensor = y, m = model): Tensor =>
  adversarial.runAttack(m, xx, yy, spec as adversarial.AttackSpec);

describe('attack option errors', () => {
  for (const attack of ['fgsm', 'pgd', 'apgd'] as const) {
    it(`${attack}: eps < 0, NaN or missing`, () => {
      expect(() => run({ attack, eps: -0.1 })).toThrow(`${attack}: eps must be a finite number ≥ 0, got -0.1`);
      expect(() => run({ attack, eps: NaN })).toThrow(`${attack}: eps must be a finite number ≥ 0, got NaN`);
      expect(() => run({ attack })).toThrow(`${attack}: eps must be a finite number ≥ 0, got undefined`);
    });
    it(`${attack}: inputs outside the clip range`, () => {
      const bad = tensor([0.5, 1.5, 0, 0, 0, 0], { shape: [1, 6] });
      expect(() => run({ attack, eps: 0.1 }, bad, tensor([0], { dtype: 'int32' }))).toThrow(
        `${attack}: x must lie in the clip range [0, 1], but x[1] = 1.5; scale inputs to [0, 1] and put any normalisation inside the model`,
      );
      expect(() => run({ attack, eps: 0.1, clip: [-1, 1] }, bad, tensor([0], { dtype: 'int32' }))).toThrow(
        'clip range [-1, 1], but x[1] = 1.5',
      );
      expect(() => run({ attack, eps: 0.1, clip: [1, 0] })).toThrow(
        `${attack}: clip must be [lo, hi] with finite lo < hi, got [1,0]`,
      );
    });
    it(`${attack}: labels not int32, out of range, or one per sample`, () => {
      expect(() => run({ attack, eps: 0.1 }, x, tensor([0, 1, 2, 0]))).toThrow(
        `${attack}: y must hold int32 class labels, got dtype float32 (create it with dtype: 'int32')`,
      );
      expect(() => run({ attack, eps: 0.1 }, x, tensor([0, 1, 3, 0], { dtype: 'int32' }))).toThrow(
        `${attack}: label y[2] = 3 is out of range for 3 classes (expected 0..2)`,
      );
      expect(() => run({ attack, eps: 0.1 }, x, tensor([0, -1, 1, 0], { dtype: 'int32' }))).toThrow(
        'label y[1] = -1 is out of range',
      );
      expect(() => run({ attack, eps: 0.1 }, x, tensor([0, 1], { dtype: 'int32' }))).toThrow(
        `${attack}: y must have one label per sample, shape [4], got [2] for x [4, 6]`,
      );
    });
    it(`${attack}: a model whose output is not [N, classes] logits`, () => {
      const flat = new nn.Sequential(new nn.Flatten(0));
      expect(() => run({ attack, eps: 0.1 }, x, y, flat)).toThrow(
        `${attack}: model.forward(x) must return logits of shape [N, classes] = [4, classes], got [24]`,
      );
      const one = new nn.Sequential(new nn.Linear(6, 1));
      expect(() => run({ attack, eps: 0.1 }, x, tensor([0, 0, 0, 0], { dtype: 'int32' }), one)).toThrow(
        `${attack}: the model returns 1 class(es); an attack needs at least 2`,
      );
    });
    it(`${attack}: x must be a float tensor with a batch dim`, () => {
      expect(() => run({ attack, eps: 0.1 }, tensor([0, 1], { dtype: 'int32' }))).toThrow(
        `${attack}: x must be a float32 or float64 tensor, got int32`,
      );
      expect(() => run({ attack, eps: 0.1 }, tensor([0.5, 0.5]), tensor([0], { dtype: 'int32' }))).toThrow(
        `${attack}: x must have a batch dim, [N, ...features], got shape [2]`,
      );
    });
  }

  it('pgd: alpha ≤ 0, steps < 1, restarts < 1, unknown norm or loss', () => {
    expect(() => run({ attack: 'pgd', eps: 0.1, alpha: 0 })).toThrow('pgd: alpha must be a finite number > 0, got 0');
    expect(() => run({ attack: 'pgd', eps: 0.1, alpha: -1 })).toThrow('pgd: alpha must be a finite number > 0, got -1');
    expect(() => run({ attack: 'pgd', eps: 0.1, steps: 0 })).toThrow('pgd: steps must be an integer ≥ 1, got 0');
    expect(() => run({ attack: 'pgd', eps: 0.1, steps: 2.5 })).toThrow('pgd: steps must be an integer ≥ 1, got 2.5');
    expect(() => run({ attack: 'pgd', eps: 0.1, restarts: 0 })).toThrow('pgd: restarts must be an integer ≥ 1, got 0');
    expect(() => run({ attack: 'pgd', eps: 0.1, norm: 'l1' })).toThrow(
      "pgd: unknown norm 'l1' (expected 'linf' or 'l2')",
    );
    expect(() => run({ attack: 'pgd', eps: 0.1, loss: 'mse' })).toThrow(
      "pgd: unknown loss 'mse' (expected 'ce' or 'cw' or 'dlr')",
    );
    expect(() => run({ attack: 'pgd', eps: 0.1, restarts: 3, randomStart: false })).toThrow(
      'pgd: restarts = 3 needs randomStart: true (without it every restart repeats the same path)',
    );
  });

  it('apgd: steps < 1, unknown norm or loss, dlr with fewer than 3 classes', () => {
    expect(() => run({ attack: 'apgd', eps: 0.1, steps: 0 })).toThrow('apgd: steps must be an integer ≥ 1, got 0');
    expect(() => run({ attack: 'apgd', eps: 0.1, norm: 'linfinity' })).toThrow(
      "apgd: unknown norm 'linfinity' (expected 'linf' or 'l2')",
    );
    expect(() => run({ attack: 'apgd', eps: 0.1, loss: 'cw' })).toThrow(
      "apgd: unknown loss 'cw' (expected 'ce' or 'dlr')",
    );
    const two = mlp(6, 2);
    expect(() =>
      run({ attack: 'apgd', eps: 0.1, loss: 'dlr' }, x, tensor([0, 1, 0, 1], { dtype: 'int32' }), two),
    ).toThrow("apgd: loss 'dlr' needs at least 3 classes (it divides by z_π1 − z_π3), the model has 2");
  });

  it('fgsm: unknown loss; runAttack: unknown attack', () => {
    expect(() => run({ attack: 'fgsm', eps: 0.1, loss: 'hinge' })).toThrow("fgsm: unknown loss 'hinge'");
    expect(() => run({ attack: 'cw', eps: 0.1 })).toThrow(
      "runAttack: unknown attack 'cw' (expected 'fgsm' or 'pgd' or 'apgd')",
    );
  });

  it('evaluate: an attack argument that is not a spec, function, list or record', () => {
    expect(() => adversarial.evaluate(model, { x, y }, 3 as unknown as adversarial.Attacks)).toThrow(
      'evaluate: attack must be an attack spec, a function, a list or a record of them, got 3',
    );
  });
});
