/**
 * What the robust study runs: per activation × seed, adversarially train the same CNN, then
 * evaluate it under several attacks. The configuration shared by every run (data, network,
 * training attack, evaluation attacks) is fingerprinted like compare's, so a folder resumes
 * only runs of the same study, and runs are sharded the same way.
 */
import type { AttackSpec } from '../adversarial/spec.js';
import { settingsFingerprint, type DataConfig } from './config.js';

export const robustPresets = ['default', 'sat', 'madry'] as const;
export type RobustPreset = (typeof robustPresets)[number];

/** How each batch is made adversarial during training (see adversarial.adversarialTraining). */
export interface RobustTraining {
  attack: 'fgsm' | 'pgd';
  eps: number;
  /** Step size; absent: 1.25ε for FGSM, 2.5ε/steps for PGD. */
  alpha?: number;
  steps: number;
  /** Probability that a batch's attack starts from the clean image (SAT: 0.2). */
  cleanStart: number;
  /** Epochs over which ε ramps up from 0. */
  warmup: number;
}

/** The attacks every trained network is evaluated with, on the whole test split. */
export interface RobustEvaluationPlan {
  eps: number;
  pgdSteps: number;
  pgdRestarts: number;
  apgdSteps: number;
  apgdRestarts: number;
  /** ε values of the robustness curve (PGD with `curveSteps` steps at each). */
  curve: number[];
  curveSteps: number;
}

/** Everything that decides a run's numbers except the activation and the seed. */
export interface RobustTrainConfig extends DataConfig {
  /** Output channels of the CNN's conv blocks and widths of its dense layers. */
  channels: number[];
  hidden: number[];
  epochs: number;
  lr: number;
  batchSize: number;
  training: RobustTraining;
  evaluation: RobustEvaluationPlan;
  /** Training samples held out (not trained on) for early stopping on PGD accuracy; 0: no early stopping. */
  heldOut: number;
}

export interface RobustConfig extends RobustTrainConfig {
  acts: string[];
  seeds: number[];
  preset: RobustPreset;
}

export interface RobustRunSpec {
  key: string;
  fingerprint: string;
  act: string;
  seed: number;
  config: RobustTrainConfig;
  /** Save the trained network in this folder (model.json + model.safetensors); no effect on the numbers. */
  saveTo?: string;
}

/** The training part of a config, keys in a fixed order (the fingerprint hashes it). */
export function robustTrainConfigOf(c: RobustTrainConfig): RobustTrainConfig {
  const out: RobustTrainConfig = {
    dataset: c.dataset,
    trainSize: c.trainSize,
    testSize: c.testSize,
    dataSeed: c.dataSeed,
    channels: [...c.channels],
    hidden: [...c.hidden],
    epochs: c.epochs,
    lr: c.lr,
    batchSize: c.batchSize,
    training: { ...c.training },
    evaluation: { ...c.evaluation, curve: [...c.evaluation.curve] },
    heldOut: c.heldOut,
  };
  if (c.dataDir !== undefined) out.dataDir = c.dataDir;
  return out;
}

/** A short stable hash of the training configuration (without `dataDir`, as compare's). */
export function robustFingerprint(c: RobustTrainConfig): string {
  return settingsFingerprint(robustTrainConfigOf(c));
}

/** Every run: activations in the given order, seeds ascending within each. */
export function expandRobustRuns(config: RobustConfig): RobustRunSpec[] {
  const train = robustTrainConfigOf(config);
  const fp = robustFingerprint(train);
  return config.acts.flatMap((act) =>
    config.seeds.map((seed) => ({ key: `${act}/seed${seed}`, fingerprint: fp, act, seed, config: train })),
  );
}

/** The evaluation attacks of a plan, named: FGSM (for the masking check), PGD, APGD, then the curve. */
export function evaluationAttacks(
  e: RobustEvaluationPlan,
): { role: 'fgsm' | 'pgd' | 'apgd' | 'curve'; spec: AttackSpec }[] {
  const eps = e.eps;
  return [
    { role: 'fgsm', spec: { attack: 'fgsm', eps } },
    { role: 'pgd', spec: { attack: 'pgd', eps, steps: e.pgdSteps, restarts: e.pgdRestarts } },
    { role: 'apgd', spec: { attack: 'apgd', eps, steps: e.apgdSteps, restarts: e.apgdRestarts } },
    ...e.curve.map((c) => ({ role: 'curve' as const, spec: { attack: 'pgd' as const, eps: c, steps: e.curveSteps } })),
  ];
}

/** Default ε per dataset: MNIST 0.3 (Madry et al.), Fashion-MNIST 0.1 (0.3 is too large there). */
export const defaultEps = (dataset: string): number => (dataset === 'fashion-mnist' ? 0.1 : 0.3);

/**
 * The presets. `default` is sized to finish 6 activations × 3 seeds in under 20 minutes on 2
 * idle cores (measured: 8.3 min for the 18 runs, ~50 CPU-seconds each; docs/adversarial.md): FGSM with random start (Wong et al. 2020)
 * with an ε warm-up, a 500-digit test split, PGD-20 and APGD-CE-20. `sat` follows Smooth
 * Adversarial Training's recipe (PGD-1 with random start, α = ε, 20% of batches from the clean
 * image; PGD-50 and APGD-100 evaluation); `madry` trains with PGD-40 (step 0.01 at ε 0.3) and
 * evaluates with PGD-100 × 5 restarts and APGD-100: hours, for bigger machines or shards.
 */
export function presetConfig(
  preset: RobustPreset,
  dataset: string,
): Omit<RobustConfig, 'dataset' | 'dataSeed' | 'acts' | 'seeds'> {
  const eps = defaultEps(dataset);
  const curve = [eps / 3, (2 * eps) / 3, eps, (4 * eps) / 3].map((v) => Number(v.toFixed(4)));
  const base = { channels: [16, 32], hidden: [128], lr: 1e-3, batchSize: 64, heldOut: 256 };
  switch (preset) {
    case 'default':
      return {
        ...base,
        preset,
        trainSize: 8000,
        testSize: 500,
        epochs: 5,
        training: { attack: 'fgsm', eps, steps: 1, cleanStart: 0, warmup: 2 },
        evaluation: { eps, pgdSteps: 20, pgdRestarts: 1, apgdSteps: 20, apgdRestarts: 1, curve, curveSteps: 10 },
      };
    case 'sat':
      return {
        ...base,
        preset,
        trainSize: 8000,
        testSize: 2000,
        epochs: 10,
        training: { attack: 'pgd', eps, alpha: eps, steps: 1, cleanStart: 0.2, warmup: 2 },
        evaluation: { eps, pgdSteps: 50, pgdRestarts: 1, apgdSteps: 100, apgdRestarts: 1, curve, curveSteps: 20 },
      };
    case 'madry':
      return {
        ...base,
        preset,
        trainSize: 8000,
        testSize: 2000,
        epochs: 20,
        training: {
          attack: 'pgd',
          eps,
          alpha: Number(((eps * 0.01) / 0.3).toFixed(6)),
          steps: 40,
          cleanStart: 0,
          warmup: 2,
        },
        evaluation: { eps, pgdSteps: 100, pgdRestarts: 5, apgdSteps: 100, apgdRestarts: 1, curve, curveSteps: 40 },
      };
  }
}
