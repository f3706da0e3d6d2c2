/**
 * Aggregates robust-study runs per activation: mean ± std across seeds of clean, FGSM, PGD, APGD
 * and worst-case accuracy, the mean robustness curve, and each activation's difference to the
 * baseline (ReLU) with a 95% confidence interval over paired seeds. The report, the charts,
 * `--json` and the terminal table read this one summary.
 */
import type { RobustRunResult } from './robust-results.js';
import { mean, pairedDifference, std, type Difference } from './stats.js';

export interface Stat {
  mean: number;
  std: number;
  values: number[];
}

export interface RobustActivationSummary {
  act: string;
  runs: number;
  seeds: number[];
  clean: Stat;
  fgsm: Stat;
  pgd: Stat;
  apgd: Stat;
  /** Correct under every attack at the study's ε at once (per sample, then averaged). */
  worst: Stat;
  /** Mean robust accuracy per ε of the curve, ε = 0 being clean accuracy. */
  curve: { eps: number; mean: number; std: number }[];
  /** Worst-case and clean accuracy minus the baseline's, paired by seed (absent for the baseline itself). */
  vsBaseline?: { worst: Difference; clean: Difference };
  trainSeconds: number;
  evalSeconds: number;
  /** Runs with gradient-masking warnings, and runs ended by robust early stopping. */
  warnedRuns: number;
  stoppedRuns: number;
}

export interface RobustSummary {
  /** Ranked by mean worst-case robust accuracy, best first. */
  activations: RobustActivationSummary[];
  /** The activation others are compared with ('relu' when it ran). */
  baseline?: string;
  missing: string[];
  totalRuns: number;
}

const stat = (values: number[]): Stat => ({ mean: mean(values), std: std(values), values });

function attackValues(runs: readonly RobustRunResult[], role: 'fgsm'): number[] {
  return runs.map((r) => r.attacks.find((a) => a.role === role)?.robustAccuracy ?? NaN);
}

function curveOf(runs: readonly RobustRunResult[]): RobustActivationSummary['curve'] {
  const eps = [...new Set(runs.flatMap((r) => r.attacks.filter((a) => a.role === 'curve').map((a) => a.eps)))].sort(
    (a, b) => a - b,
  );
  const at = (e: number): number[] =>
    runs.map((r) => r.attacks.find((a) => a.role === 'curve' && a.eps === e)?.robustAccuracy ?? NaN);
  const clean = runs.map((r) => r.cleanAccuracy);
  return [
    { eps: 0, mean: mean(clean), std: std(clean) },
    ...eps.map((e) => ({ eps: e, mean: mean(at(e)), std: std(at(e)) })),
  ];
}

const bySeed = (runs: readonly RobustRunResult[], pick: (r: RobustRunResult) => number): Map<number, number> =>
  new Map(runs.map((r) => [r.seed, pick(r)]));

/**
 * Summarises results of ONE configuration. `order` is the plan's activation order (its first
 * entry, or 'relu' when present, is the baseline); `plannedKeys` lists runs to report missing.
 */
export function summarizeRobust(
  results: readonly RobustRunResult[],
  order: readonly string[] = [],
  plannedKeys: readonly string[] = [],
): RobustSummary {
  const byAct = new Map<string, RobustRunResult[]>();
  for (const act of order) byAct.set(act, []);
  for (const r of results) {
    if (!byAct.has(r.act)) byAct.set(r.act, []);
    byAct.get(r.act)!.push(r);
  }
  const groups = [...byAct]
    .filter(([, runs]) => runs.length > 0)
    .map(([act, runs]) => [act, [...runs].sort((a, b) => a.seed - b.seed)] as const);
  const baseline = groups.some(([a]) => a === 'relu') ? 'relu' : groups[0]?.[0];
  const base = groups.find(([a]) => a === baseline)?.[1] ?? [];
  const activations = groups.map(([act, runs]): RobustActivationSummary => {
    const s: RobustActivationSummary = {
      act,
      runs: runs.length,
      seeds: runs.map((r) => r.seed),
      clean: stat(runs.map((r) => r.cleanAccuracy)),
      fgsm: stat(attackValues(runs, 'fgsm')),
      pgd: stat(runs.map((r) => r.pgd)),
      apgd: stat(runs.map((r) => r.apgd)),
      worst: stat(runs.map((r) => r.worstCase)),
      curve: curveOf(runs),
      trainSeconds: mean(runs.map((r) => r.trainSeconds)),
      evalSeconds: mean(runs.map((r) => r.evalSeconds)),
      warnedRuns: runs.filter((r) => r.warnings.length > 0).length,
      stoppedRuns: runs.filter((r) => r.stopped !== undefined).length,
    };
    if (act !== baseline && base.length > 0) {
      s.vsBaseline = {
        worst: pairedDifference(
          bySeed(runs, (r) => r.worstCase),
          bySeed(base, (r) => r.worstCase),
        ),
        clean: pairedDifference(
          bySeed(runs, (r) => r.cleanAccuracy),
          bySeed(base, (r) => r.cleanAccuracy),
        ),
      };
    }
    return s;
  });
  const score = (s: RobustActivationSummary): number => (Number.isFinite(s.worst.mean) ? s.worst.mean : -Infinity);
  activations.sort((a, b) => score(b) - score(a));
  const have = new Set(results.map((r) => r.key));
  return {
    activations,
    ...(baseline ? { baseline } : {}),
    missing: plannedKeys.filter((k) => !have.has(k)),
    totalRuns: results.length,
  };
}

/** 'better' / 'worse' when the 95% interval excludes 0, 'tie' when it does not, 'n/a' without an interval. */
export function verdict(d: Difference | undefined): 'better' | 'worse' | 'tie' | 'n/a' {
  if (!d || !Number.isFinite(d.low)) return 'n/a';
  return d.low > 0 ? 'better' : d.high < 0 ? 'worse' : 'tie';
}
