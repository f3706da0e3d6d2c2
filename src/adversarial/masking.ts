/**
 * The gradient-masking check: signs that an attack's number overstates robustness because the
 * model's gradients are uninformative (saturated, shattered or noisy) rather than because it is
 * robust (Athalye, Carlini & Wagner 2018; Carlini et al. 2019, "On Evaluating Adversarial
 * Robustness"). Each rule compares robust accuracies of attacks on the same threat model:
 *
 * 1. a one-step attack (FGSM) stronger than an iterative one (PGD, APGD) at the same ε;
 * 2. more steps or restarts of the same attack giving a HIGHER robust accuracy;
 * 3. robust accuracy rising as ε grows (the same attack, a larger ball);
 * 4. two different iterative attacks with the same loss far apart (the weaker one's number is no
 *    robustness estimate; margin losses such as DLR are often weaker than CE on small models, so
 *    attacks with different losses are not compared).
 *
 * Differences within `tolerance` (default max(1 point, 3 samples)) are noise and not reported.
 */
import { attackBudget, describeAttack, normOf, type AttackSpec } from './spec.js';

/** One attack's robust accuracy, as the check reads it. */
export interface MeasuredAttack {
  spec: AttackSpec;
  robustAccuracy: number;
}

/** Largest gap between two iterative attacks before rule 4 speaks (5 points). */
const ITERATIVE_GAP = 0.05;

const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;
const lossOf = (s: AttackSpec): string => s.loss ?? 'ce';
const sameBall = (a: AttackSpec, b: AttackSpec): boolean => normOf(a) === normOf(b) && a.eps === b.eps;
/** Same attack and settings except the budget (steps × restarts). */
const sameAttack = (a: AttackSpec, b: AttackSpec): boolean =>
  a.attack === b.attack && sameBall(a, b) && lossOf(a) === lossOf(b);
/** Same attack and budget, any ε: one robustness curve. */
const sameCurve = (a: AttackSpec, b: AttackSpec): boolean =>
  a.attack === b.attack && normOf(a) === normOf(b) && lossOf(a) === lossOf(b) && attackBudget(a) === attackBudget(b);

/**
 * Warnings (plain sentences) for the results of several attacks on the same samples; empty when
 * nothing looks masked.
 * @param n - samples evaluated (sets the default tolerance).
 */
export function gradientMaskingWarnings(results: readonly MeasuredAttack[], n: number, tolerance?: number): string[] {
  const tol = tolerance ?? Math.max(0.01, 3 / Math.max(1, n));
  const warnings: string[] = [];
  const iterative = results.filter((r) => r.spec.attack !== 'fgsm');
  for (const f of results.filter((r) => r.spec.attack === 'fgsm')) {
    for (const it of iterative.filter((r) => sameBall(r.spec, f.spec))) {
      if (f.robustAccuracy + tol < it.robustAccuracy)
        warnings.push(
          `${describeAttack(f.spec)} leaves ${pct(f.robustAccuracy)} robust accuracy, less than ${describeAttack(it.spec)} ` +
            `(${pct(it.robustAccuracy)}): a one-step attack beating an iterative one points to gradient masking; ` +
            `the iterative number overstates robustness (try more steps, restarts, APGD)`,
        );
    }
  }
  for (const a of iterative) {
    for (const b of iterative) {
      if (
        sameAttack(a.spec, b.spec) &&
        attackBudget(a.spec) > attackBudget(b.spec) &&
        a.robustAccuracy > b.robustAccuracy + tol
      )
        warnings.push(
          `${describeAttack(a.spec)} leaves more robust accuracy (${pct(a.robustAccuracy)}) than the cheaper ` +
            `${describeAttack(b.spec)} (${pct(b.robustAccuracy)}): more steps or restarts should never help the model; ` +
            'a sign of gradient masking or of a too large step size',
        );
    }
  }
  for (const a of results) {
    const curve = results.filter((r) => sameCurve(r.spec, a.spec) && r.spec.eps > a.spec.eps);
    // Compare with the next larger ε only, so one bump gives one warning.
    const next = curve.sort((p, q) => p.spec.eps - q.spec.eps)[0];
    if (next && next.robustAccuracy > a.robustAccuracy + tol)
      warnings.push(
        `robust accuracy rises from ${pct(a.robustAccuracy)} at ε=${a.spec.eps} to ${pct(next.robustAccuracy)} at ε=${next.spec.eps} ` +
          `under ${describeAttack(next.spec).replace(/ ε=.*/, '')}: a larger ball always contains the smaller one's ` +
          'adversarial points, so the attack is failing (gradient masking)',
      );
  }
  for (const a of iterative) {
    for (const b of iterative) {
      if (
        a.spec.attack !== b.spec.attack &&
        sameBall(a.spec, b.spec) &&
        a.robustAccuracy > b.robustAccuracy + Math.max(ITERATIVE_GAP, tol)
      )
        warnings.push(
          `${describeAttack(b.spec)} finds ${(100 * (a.robustAccuracy - b.robustAccuracy)).toFixed(1)} points lower robust ` +
            `accuracy than ${describeAttack(a.spec)} (${pct(b.robustAccuracy)} vs ${pct(a.robustAccuracy)}): ` +
            `the ${a.spec.attack.toUpperCase()} number is not a robustness estimate; report the worst case`,
        );
    }
  }
  return warnings;
}
