/**
 * Attacks as data: `{ attack: 'pgd', eps: 0.3, steps: 40 }`. `evaluate`, the gradient-masking
 * check, adversarial training and the CLI all take these, so they can name an attack in a
 * report and compare attacks of the same threat model.
 */
import type { Tensor } from '../tensor/tensor.js';
import { apgd, type ApgdOptions } from './apgd.js';
import { fgsm, type FgsmOptions } from './fgsm.js';
import { pgd, type PgdOptions } from './pgd.js';
import { checkChoice, type AttackModel, type Norm } from './options.js';

export const attackNames = ['fgsm', 'pgd', 'apgd'] as const;
export type AttackName = (typeof attackNames)[number];

export type AttackSpec =
  ({ attack: 'fgsm' } & FgsmOptions) | ({ attack: 'pgd' } & PgdOptions) | ({ attack: 'apgd' } & ApgdOptions);

/** Runs the attack a spec describes. */
export function runAttack(model: AttackModel, x: Tensor, y: Tensor, spec: AttackSpec): Tensor {
  switch (checkChoice(spec?.attack, 'runAttack', 'attack', attackNames)) {
    case 'fgsm':
      return fgsm(model, x, y, spec as FgsmOptions);
    case 'pgd':
      return pgd(model, x, y, spec as PgdOptions);
    case 'apgd':
      return apgd(model, x, y, spec as ApgdOptions);
  }
}

/** The threat model of a spec (FGSM is L∞). */
export const normOf = (spec: AttackSpec): Norm => (spec.attack === 'fgsm' ? 'linf' : (spec.norm ?? 'linf'));

/** Gradient evaluations per sample: the attack's cost, and "how strong" in the masking check. */
export function attackBudget(spec: AttackSpec): number {
  switch (spec.attack) {
    case 'fgsm':
      return 1;
    case 'pgd':
      return (spec.steps ?? 10) * (spec.restarts ?? 1);
    case 'apgd':
      return (spec.steps ?? 100) * (spec.restarts ?? 1);
  }
}

/** A short name for tables: "PGD-40×5 L∞ ε=0.3 (cw)", "APGD-CE-100 L2 ε=1.5", "FGSM ε=0.1". */
export function describeAttack(spec: AttackSpec): string {
  const norm = normOf(spec) === 'linf' ? 'L∞' : 'L2';
  const loss = spec.loss ?? 'ce';
  switch (spec.attack) {
    case 'fgsm':
      return `FGSM ε=${spec.eps}${loss === 'ce' ? '' : ` (${loss})`}`;
    case 'pgd': {
      const r = spec.restarts ?? 1;
      return `PGD-${spec.steps ?? 10}${r > 1 ? `×${r}` : ''} ${norm} ε=${spec.eps}${loss === 'ce' ? '' : ` (${loss})`}`;
    }
    case 'apgd': {
      const r = spec.restarts ?? 1;
      return `APGD-${loss.toUpperCase()}-${spec.steps ?? 100}${r > 1 ? `×${r}` : ''} ${norm} ε=${spec.eps}`;
    }
  }
}
