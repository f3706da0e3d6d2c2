/**
 * What `actlab converge` concludes from its runs: per activation and learning rate, how many seeds
 * reached the target and how many epochs (and training seconds) it took, mean ± std; per
 * activation the learning rate that got there soonest (Krizhevsky et al. tuned each network's rate
 * "to make training as fast as possible"); and each activation's slowdown against ReLU.
 */
import { mean, std } from './stats.js';
import type { ConvergeRunResult, ErrorPoint } from './converge-run.js';
import type { ClaimVerdict } from './verdict.js';

export interface Stat {
  mean: number;
  std: number;
  values: number[];
}

const stat = (values: number[]): Stat => ({ mean: mean(values), std: std(values), values });

/** One activation at one learning rate, over its seeds. */
export interface LrSummary {
  lr: number;
  runs: number;
  /** Seeds whose run reached the target. */
  reached: number;
  diverged: number;
  /** Over the runs that reached the target. */
  epochs: Stat;
  seconds: Stat;
  testError: Stat;
}

export interface ConvergeActivationSummary {
  act: string;
  byLr: LrSummary[];
  /** The learning rate whose seeds reached the target most often, then soonest (mean epochs). */
  best: LrSummary;
  /**
   * Epochs to target at the best rate, divided by ReLU's at its best rate (> 1: slower than ReLU).
   * When this activation never reached the target, a lower bound (the budget over ReLU's epochs)
   * with `censored` set; NaN without a ReLU run that reached it.
   */
  slowdown: number;
  censored: boolean;
  /** The mean training-error curve at the best rate (see {@link meanCurve}). */
  curve: { epoch: number[]; error: number[] };
}

export interface ConvergeSummary {
  target: number;
  maxEpochs: number;
  activations: ConvergeActivationSummary[];
  /** The notes' headline: tanh's slowdown against ReLU (see {@link ConvergeActivationSummary.slowdown}). */
  factor: { tanh?: { value: number; censored: boolean }; sigmoid?: { value: number; censored: boolean } };
  missing: string[];
  totalRuns: number;
}

/** Better: more seeds reached, then fewer mean epochs, then the smaller rate. */
function better(a: LrSummary, b: LrSummary): boolean {
  if (a.reached !== b.reached) return a.reached > b.reached;
  const ea = Number.isFinite(a.epochs.mean) ? a.epochs.mean : Infinity;
  const eb = Number.isFinite(b.epochs.mean) ? b.epochs.mean : Infinity;
  return ea !== eb ? ea < eb : a.lr < b.lr;
}

/**
 * The mean training error across runs at each measurement point. A run that reached the target
 * stopped there: its last value is carried forward (it is at or below the target), so the mean
 * curve crosses the target line about where the runs did. Points past the longest run are left out.
 */
export function meanCurve(runs: readonly { curve: readonly ErrorPoint[] }[]): { epoch: number[]; error: number[] } {
  const longest = runs.reduce<readonly ErrorPoint[]>((a, r) => (r.curve.length > a.length ? r.curve : a), []);
  const epoch = longest.map((p) => p.epoch);
  const error = epoch.map((_, i) => mean(runs.map((r) => (r.curve[i] ?? r.curve.at(-1))?.error ?? NaN)));
  return { epoch, error };
}

function summarizeLr(lr: number, runs: readonly ConvergeRunResult[]): LrSummary {
  const hit = runs.filter((r) => r.reached);
  return {
    lr,
    runs: runs.length,
    reached: hit.length,
    diverged: runs.filter((r) => r.diverged).length,
    epochs: stat(hit.map((r) => r.epochsToTarget)),
    seconds: stat(hit.map((r) => r.secondsToTarget)),
    testError: stat(runs.map((r) => r.testError)),
  };
}

/**
 * Summarises the results of one configuration: activations in `order` (others after), rates
 * ascending, each activation's best rate and its slowdown against ReLU.
 */
export function summarizeConverge(
  results: readonly ConvergeRunResult[],
  settings: { target: number; maxEpochs: number },
  order: readonly string[] = [],
  plannedKeys: readonly string[] = [],
): ConvergeSummary {
  const acts = [...order.filter((a) => results.some((r) => r.act === a))];
  for (const r of results) if (!acts.includes(r.act)) acts.push(r.act);
  const base = acts.map((act) => {
    const mine = results.filter((r) => r.act === act);
    const lrs = [...new Set(mine.map((r) => r.lr))].sort((a, b) => a - b);
    const byLr = lrs.map((lr) =>
      summarizeLr(
        lr,
        mine.filter((r) => r.lr === lr),
      ),
    );
    const best = byLr.reduce((a, b) => (better(b, a) ? b : a));
    return { act, byLr, best, curve: meanCurve(mine.filter((r) => r.lr === best.lr)) };
  });
  const relu = base.find((s) => s.act === 'relu');
  const reluEpochs = relu && relu.best.reached > 0 ? relu.best.epochs.mean : NaN;
  const activations: ConvergeActivationSummary[] = base.map((s) => {
    const censored = s.best.reached === 0;
    const epochs = censored ? settings.maxEpochs : s.best.epochs.mean;
    return { ...s, slowdown: epochs / reluEpochs, censored };
  });
  const factorOf = (act: string): { value: number; censored: boolean } | undefined => {
    const s = activations.find((a) => a.act === act);
    return s ? { value: s.slowdown, censored: s.censored } : undefined;
  };
  const tanh = factorOf('tanh');
  const sigmoid = factorOf('sigmoid');
  const have = new Set(results.map((r) => r.key));
  return {
    target: settings.target,
    maxEpochs: settings.maxEpochs,
    activations,
    factor: { ...(tanh ? { tanh } : {}), ...(sigmoid ? { sigmoid } : {}) },
    missing: plannedKeys.filter((k) => !have.has(k)),
    totalRuns: results.length,
  };
}

/** "6.2×", "> 8.0×" for a lower bound, "n/a". */
export function formatFactor(f: { value: number; censored: boolean } | undefined): string {
  if (!f || !Number.isFinite(f.value)) return 'n/a';
  return `${f.censored ? '> ' : ''}${f.value.toFixed(1)}×`;
}

/**
 * The verdict on "ReLU converges much faster than tanh (e.g. 6×)" from the measured tanh/ReLU
 * factor: **holds** at ≥ 3× (at least half the quoted factor), **holds partly** when ReLU is
 * faster by more than 1.25× but less than 3×, **does not hold at this scale** otherwise;
 * **undecided** when ReLU or tanh has no run (or ReLU never reached the target). A tanh that never
 * reached the target gives a lower bound, which only ever strengthens the verdict.
 */
export function convergeVerdict(summary: ConvergeSummary): ClaimVerdict {
  const f = summary.factor.tanh;
  if (!f || !Number.isFinite(f.value))
    return { verdict: 'undecided', reason: 'no ReLU and tanh runs that reached the target to compare' };
  const text = formatFactor(f);
  if (f.value >= 3)
    return { verdict: 'holds', reason: `tanh needs ${text} ReLU's epochs to the target (the notes: 6×)` };
  if (f.value > 1.25)
    return {
      verdict: 'holds partly',
      reason: `ReLU is faster, but tanh needs only ${text} its epochs to the target (the notes: 6×)`,
    };
  return {
    verdict: 'does not hold at this scale',
    reason: `tanh needs ${text} ReLU's epochs to the target (the notes: 6×; < 1× means tanh got there first)`,
  };
}
