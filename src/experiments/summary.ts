/**
 * Aggregates finished runs per activation: mean ± std across seeds of the final metrics, mean
 * curves, per-layer gradient norms and dead units. The report, the charts, `--json` and the
 * terminal table all read this one summary.
 */
import type { RunResult } from './results.js';
import { mean, meanRows, std } from './stats.js';

/** One activation's runs, summarised. */
export interface ActivationSummary {
  act: string;
  runs: number;
  seeds: number[];
  testAccuracy: { mean: number; std: number; values: number[] };
  trainLoss: { mean: number; std: number };
  testLoss: { mean: number; std: number };
  secondsPerEpoch: number;
  deadFraction: number;
  deadFractionPerLayer: number[];
  gradNormInit: number[];
  gradNormFinal: number[];
  /** Mean test accuracy after each epoch (index 0 = epoch 1). */
  accuracyCurve: number[];
  /** Mean training loss over each epoch. */
  lossCurve: number[];
}

/** A full summary, activations ranked by mean test accuracy (best first). */
export interface ExperimentSummary {
  activations: ActivationSummary[];
  /** Runs of the plan with no result yet (e.g. a shard not merged), as keys. */
  missing: string[];
  totalRuns: number;
}

const ms = (values: number[]): { mean: number; std: number } => ({ mean: mean(values), std: std(values) });

/** Summarises one activation's results (all of the same configuration). */
function summarizeAct(act: string, runs: RunResult[]): ActivationSummary {
  const accs = runs.map((r) => r.final.testAccuracy);
  const epochs = Math.max(0, ...runs.map((r) => r.history.length));
  const curve = (pick: (h: RunResult['history'][number]) => number): number[] =>
    Array.from({ length: epochs }, (_, e) =>
      mean(runs.filter((r) => e < r.history.length).map((r) => pick(r.history[e]!))),
    );
  return {
    act,
    runs: runs.length,
    seeds: runs.map((r) => r.seed).sort((a, b) => a - b),
    testAccuracy: { ...ms(accs), values: accs },
    trainLoss: ms(runs.map((r) => r.final.trainLoss)),
    testLoss: ms(runs.map((r) => r.final.testLoss)),
    secondsPerEpoch: mean(runs.map((r) => r.secondsPerEpoch)),
    deadFraction: mean(runs.map((r) => r.deadFraction)),
    deadFractionPerLayer: meanRows(runs.map((r) => r.deadFractionPerLayer)),
    gradNormInit: meanRows(runs.map((r) => r.gradNormInit)),
    gradNormFinal: meanRows(runs.map((r) => r.gradNormFinal)),
    accuracyCurve: curve((h) => h.testAccuracy),
    lossCurve: curve((h) => h.trainLoss),
  };
}

/**
 * Groups results by activation (in `order`, then any others by first appearance), ranks them
 * by mean test accuracy, and lists planned runs without a result.
 *
 * @param results - results of ONE configuration (same fingerprint).
 * @param plannedKeys - every run key of the plan, to report missing ones.
 */
export function summarize(
  results: readonly RunResult[],
  order: readonly string[] = [],
  plannedKeys: readonly string[] = [],
): ExperimentSummary {
  const byAct = new Map<string, RunResult[]>();
  for (const act of order) byAct.set(act, []);
  for (const r of results) {
    if (!byAct.has(r.act)) byAct.set(r.act, []);
    byAct.get(r.act)!.push(r);
  }
  const activations = [...byAct]
    .filter(([, runs]) => runs.length > 0)
    .map(([act, runs]) =>
      summarizeAct(
        act,
        [...runs].sort((a, b) => a.seed - b.seed),
      ),
    );
  // Stable sort: equal means keep the plan's order. NaN (diverged) ranks last.
  const score = (s: ActivationSummary): number =>
    Number.isFinite(s.testAccuracy.mean) ? s.testAccuracy.mean : -Infinity;
  activations.sort((a, b) => score(b) - score(a));
  const have = new Set(results.map((r) => r.key));
  return { activations, missing: plannedKeys.filter((k) => !have.has(k)), totalRuns: results.length };
}

/**
 * The activations whose mean test accuracy is within one (larger) std of the best: with the
 * seeds run, the data cannot tell them apart.
 */
export function tiedWithBest(summary: {
  readonly activations: readonly { act: string; testAccuracy: { mean: number; std: number } }[];
}): string[] {
  const [best, ...rest] = summary.activations;
  if (!best) return [];
  const tied = [best.act];
  for (const s of rest) {
    const gap = best.testAccuracy.mean - s.testAccuracy.mean;
    if (gap <= Math.max(best.testAccuracy.std, s.testAccuracy.std)) tied.push(s.act);
  }
  return tied;
}
