/**
 * The result of one robust-study run and `robust.jsonl`, one finished run per line (the same
 * append-only, torn-line-tolerant format as compare's results.jsonl, under its own name so a
 * folder says which study it holds).
 */
import { readJsonLines } from './results.js';
import type { RobustTrainConfig } from './robust-config.js';

export const ROBUST_SCHEMA = 1;
export const ROBUST_FILE = 'robust.jsonl';

/** One evaluation attack's outcome on the test split. */
export interface RobustAttackOutcome {
  role: 'fgsm' | 'pgd' | 'apgd' | 'curve';
  /** "PGD-20 L∞ ε=0.3". */
  name: string;
  eps: number;
  robustAccuracy: number;
  seconds: number;
}

/** Per epoch of adversarial training. */
export interface RobustEpoch {
  epoch: number;
  /** Mean loss on the adversarial batches. */
  trainLoss: number;
  /** Accuracy on the adversarial batches as they were trained on. */
  trainAccuracy: number;
  /** PGD accuracy of the held-out training samples (early stopping), when checked. */
  heldOutRobust?: number;
  seconds: number;
}

export interface RobustRunResult {
  schema: number;
  key: string;
  fingerprint: string;
  act: string;
  seed: number;
  config: RobustTrainConfig;
  /** The network in one line ("1×28×28 → conv16 → conv32 → 128 → 10"). */
  network: string;
  history: RobustEpoch[];
  /** Why training ended early (robust early stopping), when it did. */
  stopped?: string;
  /** The epoch whose weights were evaluated (the best held-out check with early stopping). */
  evaluatedEpoch: number;
  cleanAccuracy: number;
  attacks: RobustAttackOutcome[];
  /** Robust accuracy under the PGD attack, under APGD, and correct under every attack at ε (per sample). */
  pgd: number;
  apgd: number;
  worstCase: number;
  /** Gradient-masking warnings for this network. */
  warnings: string[];
  trainSeconds: number;
  evalSeconds: number;
  finishedAt: string;
  plan?: { acts: string[]; seeds: number[] };
  shard?: { index: number; count: number };
}

function looksLikeRobust(v: unknown): v is RobustRunResult {
  const r = v as Partial<RobustRunResult> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.key === 'string' &&
    typeof r.fingerprint === 'string' &&
    Array.isArray(r.attacks) &&
    typeof r.cleanAccuracy === 'number'
  );
}

/** Reads a robust.jsonl (missing: no results); a torn last line is ignored. */
export function readRobustResults(path: string): { results: RobustRunResult[]; torn: boolean } {
  const { records, torn } = readJsonLines(path, looksLikeRobust, {
    what: 'a robust run result (needs key, fingerprint, attacks, cleanAccuracy)',
    schema: ROBUST_SCHEMA,
  });
  return { results: records, torn };
}
