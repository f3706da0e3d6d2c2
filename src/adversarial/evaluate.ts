/**
 * Robust evaluation over a whole split: clean accuracy, robust accuracy under each attack, the
 * worst case over all of them per sample ("robust under PGD *and* APGD"), and the
 * gradient-masking warnings. Correctness is measured here, by a forward pass on the returned
 * points, not taken from the attack.
 */
import { Tensor } from '../tensor/tensor.js';
import type { FloatArray, FloatDType } from '../tensor/dtype.js';
import { DataLoader, type DataSource } from '../data/loader.js';
import { release, tidy } from '../backend/scope.js';
import { withEval } from '../train/evaluate.js';
import { toTensor } from './gradient.js';
import { gradientMaskingWarnings } from './masking.js';
import { gatherRows } from './projection.js';
import { describeAttack, runAttack, type AttackSpec } from './spec.js';
import { checkLogits, type AttackModel } from './options.js';

/** An attack as a function, for attacks that are not specs (returns adversarial points for x). */
export type AttackFn = (model: AttackModel, x: Tensor, y: Tensor) => Tensor;

/** One attack, several (a list), or several by name. */
export type Attacks =
  AttackSpec | AttackFn | readonly (AttackSpec | AttackFn)[] | Record<string, AttackSpec | AttackFn>;

export interface EvaluateProgress {
  /** The attack running now (its name). */
  attack: string;
  /** Sample-attacks done, over all attacks, of `total` (= samples × attacks). */
  done: number;
  total: number;
}

export interface RobustEvaluateOptions {
  /** Samples per batch (default 256; ignored when `data` is already a DataLoader). */
  batchSize?: number;
  onProgress?: (p: EvaluateProgress) => void;
  /**
   * Attack every sample (default false: samples misclassified on clean input already count as
   * not robust, so attacking them changes no number and is skipped, as AutoAttack does).
   */
  attackAll?: boolean;
}

export interface AttackResult {
  name: string;
  /** The spec, when the attack was given as one. */
  spec?: AttackSpec;
  robustAccuracy: number;
  /** Per sample, in data order: 1 when the model still classifies the attacked sample correctly. */
  correct: Uint8Array;
  seconds: number;
}

export interface RobustEvaluation {
  n: number;
  cleanAccuracy: number;
  /** Per sample: 1 when the clean sample is classified correctly. */
  clean: Uint8Array;
  attacks: AttackResult[];
  /** Correct under every attack (and clean): the number to report. */
  worstCase: { robustAccuracy: number; correct: Uint8Array };
  /** Gradient-masking signs among the attacks given as specs (see masking.ts). */
  warnings: string[];
}

function named(attacks: Attacks): [string, AttackSpec | AttackFn][] {
  const one = (a: AttackSpec | AttackFn, i: number): [string, AttackSpec | AttackFn] => [
    typeof a === 'function' ? `attack ${i + 1}` : describeAttack(a),
    a,
  ];
  if (typeof attacks === 'function' || (typeof attacks === 'object' && attacks !== null && 'attack' in attacks))
    return [one(attacks as AttackSpec | AttackFn, 0)];
  if (Array.isArray(attacks)) return (attacks as (AttackSpec | AttackFn)[]).map(one);
  if (typeof attacks !== 'object' || attacks === null)
    throw new TypeError(
      `evaluate: attack must be an attack spec, a function, a list or a record of them, got ${String(attacks)}`,
    );
  return Object.entries(attacks as Record<string, AttackSpec | AttackFn>);
}

const argmaxRows = (logits: Tensor): Int32Array => {
  const [n, c] = logits.shape as [number, number];
  const out = new Int32Array(n);
  const z = logits.data;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < c; j++) if (z[i * c + j]! > z[i * c + best]!) best = j;
    out[i] = best;
  }
  return out;
};

/**
 * Clean and robust accuracy of `model` over `data`, batched.
 *
 * @example
 * const r = adversarial.evaluate(model, test, [
 *   { attack: 'pgd', eps: 0.3, alpha: 0.01, steps: 40, restarts: 5 },
 *   { attack: 'apgd', eps: 0.3, loss: 'dlr' },
 * ]);
 * r.cleanAccuracy; r.attacks[0].robustAccuracy; r.worstCase.robustAccuracy; r.warnings;
 */
export function evaluate(
  model: AttackModel,
  data: DataSource | DataLoader,
  attack: Attacks,
  options: RobustEvaluateOptions = {},
): RobustEvaluation {
  const attacks = named(attack);
  const loader = data instanceof DataLoader ? data : new DataLoader(data, { batchSize: options.batchSize ?? 256 });
  const n = loader.size;
  const clean = new Uint8Array(n);
  const correct = attacks.map(() => new Uint8Array(n));
  const seconds = attacks.map(() => 0);
  let done = 0;
  for (const { x, y, indices } of loader) {
    const labels = y.data as Int32Array;
    const cleanPred = withEval(model, () =>
      tidy(() => {
        const logits = model.forward(x);
        checkLogits(logits, labels, labels.length, 'evaluate');
        return argmaxRows(logits);
      }),
    );
    const ok = cleanPred.map((c, i) => (c === labels[i] ? 1 : 0));
    indices.forEach((s, i) => (clean[s] = ok[i]!));
    const rows = options.attackAll
      ? Int32Array.from(indices.keys())
      : Int32Array.from(indices.keys()).filter((i) => ok[i] === 1);
    attacks.forEach(([name, a], k) => {
      const start = performance.now();
      if (rows.length > 0) {
        const d = x.numel / x.shape[0]!;
        const xs =
          rows.length === labels.length
            ? x
            : toTensor(
                gatherRows(x.data as FloatArray, rows, d),
                [rows.length, ...x.shape.slice(1)],
                x.dtype as FloatDType,
              );
        const ys =
          rows.length === labels.length
            ? y
            : new Tensor(
                Int32Array.from(rows, (i) => labels[i]!),
                [rows.length],
                'int32',
              );
        const pred = tidy(() => {
          const adv = typeof a === 'function' ? a(model, xs, ys) : runAttack(model, xs, ys, a);
          if (adv.numel !== xs.numel)
            throw new RangeError(
              `evaluate: attack '${name}' returned shape [${adv.shape.join(', ')}] for inputs [${xs.shape.join(', ')}]`,
            );
          return withEval(model, () => argmaxRows(model.forward(adv)));
        });
        rows.forEach((i, r) => (correct[k]![indices[i]!] = ok[i]! && pred[r] === labels[i] ? 1 : 0));
        if (xs !== x) release(xs, ys);
      }
      seconds[k]! += (performance.now() - start) / 1000;
      done += labels.length;
      options.onProgress?.({ attack: name, done, total: n * attacks.length });
    });
    release(x, y);
  }
  const accuracy = (v: Uint8Array): number => (n === 0 ? NaN : v.reduce((s, c) => s + c, 0) / n);
  const worst = clean.map((c, i) => (c && correct.every((v) => v[i] === 1) ? 1 : 0));
  const results: AttackResult[] = attacks.map(([name, a], k) => ({
    name,
    ...(typeof a === 'function' ? {} : { spec: a }),
    robustAccuracy: accuracy(correct[k]!),
    correct: correct[k]!,
    seconds: seconds[k]!,
  }));
  const measured = results.flatMap((r) => (r.spec ? [{ spec: r.spec, robustAccuracy: r.robustAccuracy }] : []));
  return {
    n,
    cleanAccuracy: accuracy(clean),
    clean,
    attacks: results,
    worstCase: { robustAccuracy: accuracy(worst), correct: worst },
    warnings: gradientMaskingWarnings(measured, n),
  };
}
