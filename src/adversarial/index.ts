/**
 * Adversarial examples and robustness (exported as `adversarial`): FGSM, PGD (L∞/L2, random
 * start, restarts), APGD, robust evaluation over a split with the worst case over attacks and a
 * gradient-masking check, and adversarial training for `train.fit`.
 *
 * The contract every attack keeps: inputs lie in [0, 1] (normalisation belongs inside the model)
 * and are never modified; the result is a new, detached tensor of the input's shape and dtype;
 * `model.forward(x)` returns logits `[N, classes]`; labels are int32; the model runs in eval mode
 * during the attack (previous mode restored; `keepTrainMode` keeps training mode), with grad
 * recording on (attacks work inside `noGrad`) and its parameter gradients untouched.
 */
export { fgsm } from './fgsm.js';
export type { FgsmOptions } from './fgsm.js';
export { pgd } from './pgd.js';
export type { PgdOptions } from './pgd.js';
export { apgd, apgdLosses } from './apgd.js';
export type { ApgdOptions } from './apgd.js';
export { attackNames, runAttack, describeAttack, attackBudget } from './spec.js';
export type { AttackName, AttackSpec } from './spec.js';
export { attackLosses, logitLoss } from './losses.js';
export type { AttackLoss, LogitLoss } from './losses.js';
export { norms } from './options.js';
export type { AttackModel, Norm, CommonAttackOptions, RandomAttackOptions } from './options.js';
export { evaluate } from './evaluate.js';
export type {
  AttackFn,
  Attacks,
  AttackResult,
  RobustEvaluation,
  RobustEvaluateOptions,
  EvaluateProgress,
} from './evaluate.js';
export { gradientMaskingWarnings } from './masking.js';
export type { MeasuredAttack } from './masking.js';
export { adversarialTraining, robustEarlyStopping, trainingAttackSpec, trainingAttacks } from './training.js';
export type {
  AdversarialTrainingOptions,
  RobustEarlyStoppingOptions,
  RobustEarlyStopping,
  RobustCheck,
} from './training.js';
export { InputNormalization, withInputNormalization } from './normalize.js';
