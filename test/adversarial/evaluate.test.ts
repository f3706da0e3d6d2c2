/** adversarial.evaluate over a split, and the gradient-masking check. */
import { describe, expect, it } from 'vitest';
import { DataLoader, Generator, adversarial, noGrad, type Tensor } from '../../src/index.js';
import { batch, mlp } from './helpers.js';

const model = mlp(12, 3, 'float64');
const { x, y } = batch(50, [12], 3, 'float64', 3);

/** Per-sample correctness of the model on `t`, computed independently of evaluate. */
function correctOn(t: Tensor, labels: Tensor): number[] {
  const z = noGrad(() => model.forward(t)).data;
  return Array.from({ length: labels.shape[0]! }, (_, i) => {
    const row = [z[3 * i]!, z[3 * i + 1]!, z[3 * i + 2]!];
    return row.indexOf(Math.max(...row)) === labels.data[i] ? 1 : 0;
  });
}

describe('adversarial.evaluate', () => {
  it('clean and robust accuracy with per-sample correctness and the worst case over attacks', () => {
    const fgsm: adversarial.AttackSpec = { attack: 'fgsm', eps: 0.3 };
    const pgd: adversarial.AttackSpec = { attack: 'pgd', eps: 0.3, steps: 5, randomStart: false };
    const progress: adversarial.EvaluateProgress[] = [];
    const r = adversarial.evaluate(
      model,
      { x, y },
      { fgsm, pgd },
      { batchSize: 16, onProgress: (p) => progress.push(p) },
    );
    const clean = correctOn(x, y);
    expect(r.n).toBe(50);
    expect(Array.from(r.clean)).toEqual(clean);
    expect(r.cleanAccuracy).toBeCloseTo(clean.reduce((a, b) => a + b) / 50, 12);
    // Robust correctness = correct on the clean input AND on the attacked one (deterministic attacks: recompute).
    for (const [k, spec] of [fgsm, pgd].entries()) {
      const attacked = correctOn(adversarial.runAttack(model, x, y, spec), y).map((c, i) => c & clean[i]!);
      expect(Array.from(r.attacks[k]!.correct)).toEqual(attacked);
      expect(r.attacks[k]!.robustAccuracy).toBeCloseTo(attacked.reduce((a, b) => a + b) / 50, 12);
    }
    expect(r.attacks.map((a) => a.name)).toEqual(['fgsm', 'pgd']);
    expect(Array.from(r.worstCase.correct)).toEqual(
      Array.from(r.clean, (c, i) => c & r.attacks[0]!.correct[i]! & r.attacks[1]!.correct[i]!),
    );
    expect(r.worstCase.robustAccuracy).toBeLessThanOrEqual(
      Math.min(r.attacks[0]!.robustAccuracy, r.attacks[1]!.robustAccuracy),
    );
    expect(r.cleanAccuracy).toBeGreaterThan(r.worstCase.robustAccuracy);
    // 4 batches × 2 attacks, ending at 100 of 100.
    expect(progress).toHaveLength(8);
    expect(progress.at(-1)).toEqual({ attack: 'pgd', done: 100, total: 100 });
  });

  it('attackAll attacks misclassified samples too, without changing any number', () => {
    const spec: adversarial.AttackSpec = { attack: 'pgd', eps: 0.2, steps: 3, randomStart: false };
    const a = adversarial.evaluate(model, { x, y }, spec);
    const b = adversarial.evaluate(model, { x, y }, spec, { attackAll: true });
    expect(Array.from(b.attacks[0]!.correct)).toEqual(Array.from(a.attacks[0]!.correct));
    expect(a.attacks[0]!.name).toBe('PGD-3 L∞ ε=0.2');
  });

  it('takes attack functions and DataLoaders, in data order', () => {
    const calls: number[] = [];
    const identity = (_m: unknown, xx: Tensor): Tensor => {
      calls.push(xx.shape[0]!);
      return xx;
    };
    const r = adversarial.evaluate(model, new DataLoader({ x, y }, { batchSize: 20 }), [identity]);
    expect(r.attacks[0]!.name).toBe('attack 1');
    expect(r.attacks[0]!.spec).toBeUndefined();
    expect(Array.from(r.attacks[0]!.correct)).toEqual(Array.from(r.clean));
    // Only clean-correct samples reach the attack.
    expect(calls.reduce((a, b) => a + b)).toBe(r.clean.reduce((a, b) => a + b, 0));
  });

  it('is reproducible with seeded random starts', () => {
    const spec = (): adversarial.AttackSpec => ({
      attack: 'pgd',
      eps: 0.1,
      steps: 2,
      restarts: 2,
      generator: new Generator(1),
    });
    expect(Array.from(adversarial.evaluate(model, { x, y }, spec()).attacks[0]!.correct)).toEqual(
      Array.from(adversarial.evaluate(model, { x, y }, spec()).attacks[0]!.correct),
    );
  });
});

describe('gradient-masking warnings', () => {
  const at = (spec: adversarial.AttackSpec, robustAccuracy: number): adversarial.MeasuredAttack => ({
    spec,
    robustAccuracy,
  });
  const pgd = (eps: number, steps = 10, restarts = 1): adversarial.AttackSpec => ({
    attack: 'pgd',
    eps,
    steps,
    restarts,
  });

  it('is silent for a healthy evaluation', () => {
    const results = [
      at({ attack: 'fgsm', eps: 0.3 }, 0.6),
      at(pgd(0.1), 0.8),
      at(pgd(0.2), 0.6),
      at(pgd(0.3), 0.4),
      at(pgd(0.3, 40, 5), 0.38),
      at({ attack: 'apgd', eps: 0.3 }, 0.37),
    ];
    expect(adversarial.gradientMaskingWarnings(results, 1000)).toEqual([]);
  });

  it('FGSM stronger than PGD', () => {
    const w = adversarial.gradientMaskingWarnings([at({ attack: 'fgsm', eps: 0.3 }, 0.2), at(pgd(0.3), 0.5)], 1000);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(
      /^FGSM ε=0\.3 leaves 20\.0% robust accuracy, less than PGD-10 L∞ ε=0\.3 \(50\.0%\): a one-step attack/,
    );
  });

  it('more steps or restarts raising robust accuracy', () => {
    const w = adversarial.gradientMaskingWarnings([at(pgd(0.3, 10), 0.4), at(pgd(0.3, 40, 5), 0.5)], 1000);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(
      /^PGD-40×5 L∞ ε=0\.3 leaves more robust accuracy \(50\.0%\) than the cheaper PGD-10 L∞ ε=0\.3 \(40\.0%\)/,
    );
  });

  it('robust accuracy rising with eps', () => {
    const w = adversarial.gradientMaskingWarnings([at(pgd(0.1), 0.5), at(pgd(0.2), 0.7), at(pgd(0.3), 0.69)], 1000);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/^robust accuracy rises from 50\.0% at ε=0\.1 to 70\.0% at ε=0\.2 under PGD-10 L∞:/);
  });

  it('two iterative attacks with the same loss far apart; differences within the tolerance are noise', () => {
    const w = adversarial.gradientMaskingWarnings([at(pgd(0.3), 0.5), at({ attack: 'apgd', eps: 0.3 }, 0.3)], 1000);
    expect(w).toEqual([
      'APGD-CE-100 L∞ ε=0.3 finds 20.0 points lower robust accuracy than PGD-10 L∞ ε=0.3 (30.0% vs 50.0%): the PGD number is not a robustness estimate; report the worst case',
    ]);
    expect(
      adversarial.gradientMaskingWarnings([at({ attack: 'fgsm', eps: 0.3 }, 0.49), at(pgd(0.3), 0.5)], 1000),
    ).toEqual([]);
    // 3 samples of 100 are within the default tolerance.
    expect(
      adversarial.gradientMaskingWarnings([at({ attack: 'fgsm', eps: 0.3 }, 0.47), at(pgd(0.3), 0.5)], 100),
    ).toEqual([]);
  });

  it('evaluate reports them', () => {
    // A "model" whose loss is flat under FGSM's one step but not under PGD would be contrived;
    // instead check the wiring: evaluate passes its measured attacks through the same check.
    const r = adversarial.evaluate(model, { x, y }, [pgd(0.05, 3), pgd(0.4, 3)]);
    expect(r.warnings).toEqual(
      adversarial.gradientMaskingWarnings(
        r.attacks.map((a) => ({ spec: a.spec!, robustAccuracy: a.robustAccuracy })),
        50,
      ),
    );
  });
});
