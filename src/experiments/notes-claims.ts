/**
 * The course notes' claims (docs/notes.md, issue 17) as experiments: per claim the notes'
 * statement and where they make it, the `actlab` command that tests it (its arguments at the
 * quick and the full sizes) and how the command's `--json` summary maps to a verdict. The
 * experiments decide their own numbers; converge, selu and robust also their own verdicts, which
 * are taken as they come. `actlab notes` runs the commands; notes-report.ts writes the report.
 */
import { inputToOutputRatio } from '../analysis/gradflow.js';
import { APPROX_FIGURES } from './approx-report.js';
import { CONVERGE_CHARTS } from './converge-report.js';
import { REPORT_CHARTS } from './report.js';
import { ROBUST_CHARTS } from './robust-report.js';
import { SELU_CHARTS } from './selu-report.js';
import { SIREN_FIGURES } from './siren-report.js';
import { tiedWithBest } from './summary.js';
import type { ClaimVerdict, Verdict } from './verdict.js';

/** A claim's verdict with the numbers behind it, as a small table. */
export interface ClaimAssessment extends ClaimVerdict {
  head: string[];
  rows: string[][];
}

export interface NotesClaim {
  /** Short id: the sub-folder name and what `--only` takes. */
  id: string;
  /** The claim, as the notes make it. */
  statement: string;
  /** Where the notes make it (lecture numbers, sections). */
  where: string;
  /** The actlab command that tests it. */
  command: string;
  /** Its arguments (without --out and --json) at each size. */
  args: { quick: readonly string[]; full: readonly string[] };
  /** The verdict from the command's `--json` output. */
  assess(output: unknown): ClaimAssessment;
  /** The experiment's figures the report shows, in order (the rest stay in the claim's folder). */
  figures: readonly string[];
}

export type NotesSizes = 'quick' | 'full';

// ---- reading the commands' --json output: only the fields a verdict uses --------------------

interface MeanStd {
  mean: number;
  std: number;
}

/** The object under `key`, or an Error naming what is missing (an output of another version). */
function field<T>(output: unknown, key: string): T {
  if (typeof output !== 'object' || output === null || !(key in output))
    throw new Error(`the command's --json output has no '${key}'`);
  return (output as Record<string, unknown>)[key] as T;
}

/**
 * Whether a JSON value is a finite number: results files read `null` back as NaN (JSON has no
 * NaN), so "never reached" may arrive as null or as NaN.
 */
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

const pct = (v: number): string => (Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : 'n/a');
const acc = (s: MeanStd): string => `${s.mean.toFixed(3)} ± ${s.std.toFixed(3)}`;
const sci = (v: number): string => (Math.abs(v) >= 0.01 && Math.abs(v) < 1000 ? v.toFixed(3) : v.toExponential(1));
const verdictOf = (verdict: Verdict, reason: string, head: string[], rows: string[][]): ClaimAssessment => ({
  verdict,
  reason,
  head,
  rows,
});

// ---- the verdicts the experiments do not compute themselves ---------------------------------

interface CompareActivation {
  act: string;
  testAccuracy: MeanStd;
  trainLoss: MeanStd;
  runs: number;
}

/**
 * XOR: a network without a non-linearity is linear, and no line separates XOR's classes (chance,
 * 50%, on the balanced quadrants). **holds** when ReLU reaches ≥ 90% test accuracy and identity
 * stays ≤ 75%; **holds partly** when ReLU is ahead by ≥ 15 points; otherwise it does not hold.
 */
export function xorVerdict(output: unknown): ClaimAssessment {
  const acts = field<CompareActivation[]>(output, 'activations');
  const rows = acts.map((a) => [a.act, acc(a.testAccuracy), acc(a.trainLoss), String(a.runs)]);
  const head = ['activation', 'test accuracy', 'final train loss', 'seeds'];
  const relu = acts.find((a) => a.act === 'relu');
  const linear = acts.find((a) => a.act === 'identity');
  if (!relu || !linear) return verdictOf('undecided', 'needs both an identity and a relu network', head, rows);
  const r = relu.testAccuracy.mean;
  const l = linear.testAccuracy.mean;
  const reason = `test accuracy on XOR: relu ${pct(r)}, identity (a linear network) ${pct(l)}`;
  if (r >= 0.9 && l <= 0.75) return verdictOf('holds', reason, head, rows);
  if (r - l >= 0.15) return verdictOf('holds partly', reason, head, rows);
  return verdictOf('does not hold at this scale', reason, head, rows);
}

interface GradflowOutput {
  init: string;
  steps: number;
  results: { act: string; depth: number; init: number[]; trained: number[] }[];
}

/** Input-layer over output-layer gradient norm below this: the gradient has vanished. */
export const VANISHED = 1e-2;

/**
 * Vanishing gradients at the deepest network: the ratio ‖∇W₁‖ / ‖∇W_out‖ at init. **holds** when
 * sigmoid's and tanh's are below {@link VANISHED} and ReLU's is not; **holds partly** when one of
 * them vanishes and ReLU's does not; otherwise it does not hold.
 */
export function gradflowVerdict(output: unknown): ClaimAssessment {
  const o = output as GradflowOutput;
  const results = field<GradflowOutput['results']>(output, 'results');
  const depths = [...new Set(results.map((r) => r.depth))].sort((a, b) => a - b);
  const shallow = depths[0] ?? NaN;
  const deep = depths.at(-1) ?? NaN;
  const at = (act: string, depth: number) => results.find((r) => r.act === act && r.depth === depth);
  const acts = [...new Set(results.map((r) => r.act))];
  const head = ['activation', `ratio at depth ${shallow}`, `ratio at depth ${deep} (init)`, `after ${o.steps} steps`];
  const rows = acts.map((a) => [
    a,
    sci(inputToOutputRatio(at(a, shallow)?.init ?? [NaN])),
    sci(inputToOutputRatio(at(a, deep)?.init ?? [NaN])),
    sci(inputToOutputRatio(at(a, deep)?.trained ?? [NaN])),
  ]);
  const ratio = (act: string): number | undefined => {
    const r = at(act, deep);
    return r ? inputToOutputRatio(r.init) : undefined;
  };
  const relu = ratio('relu');
  const saturating = (['sigmoid', 'tanh'] as const).flatMap((a) => {
    const v = ratio(a);
    return v === undefined ? [] : [{ act: a, ratio: v }];
  });
  if (relu === undefined || saturating.length === 0)
    return verdictOf('undecided', 'needs relu and sigmoid or tanh networks', head, rows);
  const vanished = saturating.filter((s) => s.ratio < VANISHED);
  const reason =
    `‖∇W₁‖ / ‖∇W_out‖ at ${deep} hidden layers (${o.init} init): ` +
    [...saturating, { act: 'relu', ratio: relu }].map((s) => `${s.act} ${sci(s.ratio)}`).join(', ') +
    ` (vanished: below ${VANISHED})`;
  if (relu < VANISHED || vanished.length === 0) return verdictOf('does not hold at this scale', reason, head, rows);
  if (vanished.length === saturating.length && saturating.length === 2) return verdictOf('holds', reason, head, rows);
  return verdictOf('holds partly', reason, head, rows);
}

interface DeadOutput {
  results: {
    act: string;
    lr: number;
    curve: number[];
    diverged: boolean;
    divergedAtEpoch?: number;
    testAccuracy: number;
  }[];
}

/**
 * Dying ReLU: ReLU's dead fraction after training at its largest learning rate that did not
 * diverge, against its smallest. **holds** when it reaches ≥ 20% and rose by ≥ 10 points;
 * **holds partly** when it rose by ≥ 2 points; otherwise it does not hold.
 */
export function deadVerdict(output: unknown): ClaimAssessment {
  const results = field<DeadOutput['results']>(output, 'results');
  const final = (r: DeadOutput['results'][number]): number => r.curve.at(-1) ?? NaN;
  const head = ['activation', 'lr', 'dead after training', 'test accuracy'];
  const rows = results.map((r) => [
    r.act,
    String(r.lr),
    r.diverged ? `diverged (epoch ${isFiniteNumber(r.divergedAtEpoch) ? r.divergedAtEpoch : '?'})` : pct(final(r)),
    Number.isFinite(r.testAccuracy) ? r.testAccuracy.toFixed(3) : 'n/a',
  ]);
  const relu = results.filter((r) => r.act === 'relu' && !r.diverged).sort((a, b) => a.lr - b.lr);
  const low = relu[0];
  const high = relu.at(-1);
  if (!low || !high || low === high)
    return verdictOf('undecided', 'needs ReLU networks at two learning rates that did not diverge', head, rows);
  const rise = final(high) - final(low);
  const others = results.filter((r) => r.act !== 'relu' && r.lr === high.lr && !r.diverged);
  const reason =
    `ReLU: ${pct(final(high))} of hidden units dead after training at lr ${high.lr}, ${pct(final(low))} at lr ${low.lr}` +
    (others.length ? `; at lr ${high.lr}: ${others.map((r) => `${r.act} ${pct(final(r))}`).join(', ')}` : '');
  if (final(high) >= 0.2 && rise >= 0.1) return verdictOf('holds', reason, head, rows);
  if (rise >= 0.02) return verdictOf('holds partly', reason, head, rows);
  return verdictOf('does not hold at this scale', reason, head, rows);
}

/**
 * "No clear winner": the activations whose mean test accuracy is within one std of the best
 * (tiedWithBest). **holds** when at least one other is tied with the best; **holds partly** when
 * the best stands alone by less than one point of accuracy; otherwise (a clear winner) it does not hold.
 */
export function compareVerdict(output: unknown): ClaimAssessment {
  const acts = field<CompareActivation[]>(output, 'activations');
  const head = ['#', 'activation', 'test accuracy', 'seeds'];
  const rows = acts.map((a, i) => [String(i + 1), a.act, acc(a.testAccuracy), String(a.runs)]);
  const best = acts[0];
  const second = acts[1];
  if (!best || !second) return verdictOf('undecided', 'needs at least two activations', head, rows);
  const tied = tiedWithBest({ activations: acts });
  const gap = best.testAccuracy.mean - second.testAccuracy.mean;
  if (tied.length > 1)
    return verdictOf(
      'holds',
      `${tied.length} of ${acts.length} activations are within one std of the best (${best.act}, ${acc(best.testAccuracy)}): ${tied.join(', ')}`,
      head,
      rows,
    );
  const reason = `${best.act} (${acc(best.testAccuracy)}) leads ${second.act} by ${(100 * gap).toFixed(2)} points, more than one std`;
  return gap < 0.01
    ? verdictOf('holds partly', `${reason}, but by less than one point`, head, rows)
    : verdictOf('does not hold at this scale', reason, head, rows);
}

interface ConvergeOutput {
  verdict: ClaimVerdict;
  maxEpochs: number;
  activations: {
    act: string;
    runs: number;
    reached: number;
    epochsToTarget: MeanStd;
    slowdownVsRelu: number;
    censored: boolean;
  }[];
}

/** converge computes its verdict (convergeVerdict); the table is its epochs to the target. */
export function convergeAssessment(output: unknown): ClaimAssessment {
  const o = output as ConvergeOutput;
  const v = field<ClaimVerdict>(output, 'verdict');
  const rows = field<ConvergeOutput['activations']>(output, 'activations').map((a) => [
    a.act,
    `${a.reached}/${a.runs}`,
    a.censored ? `> ${o.maxEpochs}` : `${a.epochsToTarget.mean.toFixed(2)} ± ${a.epochsToTarget.std.toFixed(2)}`,
    Number.isFinite(a.slowdownVsRelu) ? `${a.censored ? '> ' : ''}${a.slowdownVsRelu.toFixed(1)}×` : 'n/a',
  ]);
  return { ...v, head: ['activation', 'reached target', 'epochs to target', '× ReLU (epochs)'], rows };
}

interface SeluOutput {
  verdict: ClaimVerdict;
  variants: {
    id: string;
    atInit: { mean: number[]; outside: number[] };
    trained: { outside: number[] };
    lastLayer: { initVariance: number[] };
    testAccuracy: MeanStd;
  }[];
}

/** selu computes its verdict (seluVerdict); the table is layers near (0, 1) per network. */
export function seluAssessment(output: unknown): ClaimAssessment {
  const v = field<ClaimVerdict>(output, 'verdict');
  const rows = field<SeluOutput['variants']>(output, 'variants').map((s) => {
    const depth = s.atInit.mean.length;
    const lastVar = s.lastLayer.initVariance;
    return [
      s.id,
      `${depth - s.atInit.outside.length}/${depth}`,
      `${depth - s.trained.outside.length}/${depth}`,
      sci(lastVar.reduce((a, b) => a + b, 0) / lastVar.length),
      acc(s.testAccuracy),
    ];
  });
  return {
    ...v,
    head: ['network', 'layers near (0, 1) at init', 'after training', 'last-layer variance at init', 'test accuracy'],
    rows,
  };
}

interface SirenOutput {
  networks: { network: string; label: string; psnr: MeanStd }[];
}

/**
 * SIREN against a plain ReLU network of the same size on the same image (PSNR, dB). **holds** when
 * SIREN is ≥ 10 dB ahead; **holds partly** when 3–10 dB ahead; otherwise it does not hold.
 */
export function sirenVerdict(output: unknown): ClaimAssessment {
  const nets = field<SirenOutput['networks']>(output, 'networks');
  const head = ['network', 'PSNR (dB)'];
  const rows = nets.map((n) => [
    n.label,
    `${n.psnr.mean.toFixed(2)}${n.psnr.std > 0 ? ` ± ${n.psnr.std.toFixed(2)}` : ''}`,
  ]);
  const sine = nets.find((n) => n.network.startsWith('sine'));
  const relu = nets.find((n) => n.network === 'relu');
  if (!sine || !relu) return verdictOf('undecided', 'needs a sine (SIREN) and a plain relu network', head, rows);
  const gain = sine.psnr.mean - relu.psnr.mean;
  const pe = nets.find((n) => n.network === 'relu_pe');
  const reason =
    `SIREN ${sine.psnr.mean.toFixed(1)} dB, ReLU ${relu.psnr.mean.toFixed(1)} dB (${gain >= 0 ? '+' : ''}${gain.toFixed(1)} dB)` +
    (pe ? `; ReLU with positional encoding ${pe.psnr.mean.toFixed(1)} dB` : '');
  if (gain >= 10) return verdictOf('holds', reason, head, rows);
  if (gain >= 3) return verdictOf('holds partly', reason, head, rows);
  return verdictOf('does not hold at this scale', reason, head, rows);
}

interface ApproxOutput {
  tol: number;
  widths: number[];
  results: {
    act: string;
    target: string;
    widthToReach: number | null;
    rmse: number[];
    floors: { line: number; quadratic: number };
  }[];
}

/** The polynomial activations of the default study: the counterexamples of the theorem. */
export const POLYNOMIAL_ACTS: readonly string[] = ['identity', 'square'];
/** The targets the theorem speaks of (continuous on [−1, 1]); step and sawtooth jump. */
export const CONTINUOUS_TARGETS: readonly string[] = ['sin', 'abs'];

/**
 * Universal approximation. A fit "beats the polynomial floor" when its error at the widest layer
 * is below 0.9 × the best line's or quadratic's (closed form). **holds** when every
 * non-polynomial fit beats the floor and reaches the RMS tolerance on every continuous target,
 * while no polynomial one beats it; **holds partly** when they all beat it but some continuous
 * target is not reached within the widths tried; otherwise it does not hold.
 */
export function approxVerdict(output: unknown): ClaimAssessment {
  const o = output as ApproxOutput;
  const results = field<ApproxOutput['results']>(output, 'results');
  const targets = [...new Set(results.map((r) => r.target))];
  const acts = [...new Set(results.map((r) => r.act))];
  const maxWidth = o.widths.at(-1);
  const cell = (act: string, target: string): string => {
    const r = results.find((x) => x.act === act && x.target === target);
    if (!r) return '—';
    return isFiniteNumber(r.widthToReach)
      ? String(r.widthToReach)
      : `never (${sci(r.rmse.at(-1) ?? NaN)} at ${maxWidth})`;
  };
  const head = ['activation', ...targets.map((t) => `${t}: width for RMS ≤ ${o.tol}`)];
  const rows = acts.map((a) => [a, ...targets.map((t) => cell(a, t))]);
  const beatsFloor = (r: ApproxOutput['results'][number]): boolean =>
    (r.rmse.at(-1) ?? NaN) < 0.9 * Math.min(r.floors.line, r.floors.quadratic);
  const poly = results.filter((r) => POLYNOMIAL_ACTS.includes(r.act));
  const rest = results.filter((r) => !POLYNOMIAL_ACTS.includes(r.act));
  const continuous = rest.filter((r) => CONTINUOUS_TARGETS.includes(r.target));
  if (rest.length === 0) return verdictOf('undecided', 'no non-polynomial activation was fitted', head, rows);
  const reached = continuous.filter((r) => isFiniteNumber(r.widthToReach));
  const beat = rest.filter(beatsFloor);
  const polyBeat = poly.filter(beatsFloor);
  const reason =
    `${reached.length} of ${continuous.length} non-polynomial fits of continuous targets reach RMS ≤ ${o.tol} by width ${maxWidth}; ` +
    `${beat.length} of ${rest.length} non-polynomial fits beat the best line/quadratic` +
    (poly.length
      ? `, ${polyBeat.length} of ${poly.length} polynomial (${[...new Set(poly.map((r) => r.act))].join(', ')}) ones do`
      : '');
  if (polyBeat.length > 0 || beat.length < rest.length)
    return verdictOf('does not hold at this scale', reason, head, rows);
  if (reached.length === continuous.length) return verdictOf('holds', reason, head, rows);
  return verdictOf('holds partly', reason, head, rows);
}

interface RobustOutput {
  baseline: string | null;
  activations: {
    act: string;
    runs: number;
    clean: MeanStd;
    worstCase: MeanStd;
    verdict: 'better' | 'worse' | 'tie' | 'n/a' | null;
  }[];
}

/** Clean accuracy below this (10 classes): the network did not learn, its robust accuracy means nothing. */
export const TRAINED = 0.5;

/**
 * Smooth adversarial training: robust's own per-activation verdict against the ReLU baseline
 * (worst-case robust accuracy, 95% interval of the seed-paired difference). **holds** when at
 * least half of the smooth activations are better and none worse; **holds partly** when some
 * are better; **does not hold at this scale** when none is; **undecided** without intervals
 * (one seed), or when ReLU itself did not train (clean accuracy below {@link TRAINED}). A smooth
 * activation that did not train counts as not better, and the reason says so.
 */
export function robustVerdict(output: unknown): ClaimAssessment {
  const o = output as RobustOutput;
  const acts = field<RobustOutput['activations']>(output, 'activations');
  const head = [
    'activation',
    'clean accuracy',
    'worst-case robust accuracy',
    `vs ${typeof o.baseline === 'string' ? o.baseline : 'baseline'}`,
  ];
  const rows = acts.map((a) => [
    a.act,
    acc(a.clean),
    acc(a.worstCase),
    typeof a.verdict === 'string' ? a.verdict : 'baseline',
  ]);
  const smooth = acts.filter((a) => a.act !== o.baseline);
  if (typeof o.baseline !== 'string' || smooth.length === 0)
    return verdictOf('undecided', 'needs the relu baseline and smooth activations', head, rows);
  const base = acts.find((a) => a.act === o.baseline);
  if (base && !(base.clean.mean >= TRAINED))
    return verdictOf(
      'undecided',
      `${o.baseline} did not train (clean accuracy ${pct(base.clean.mean)}): nothing to compare with`,
      head,
      rows,
    );
  const untrained = smooth.filter((a) => !(a.clean.mean >= TRAINED)).map((a) => a.act);
  const by = (v: string): string[] =>
    smooth.filter((a) => a.verdict === v && !untrained.includes(a.act)).map((a) => a.act);
  const [better, worse, ties, na] = [by('better'), by('worse'), by('tie'), by('n/a')];
  if (na.length > 0 && na.length + untrained.length === smooth.length)
    return verdictOf(
      'undecided',
      `one seed per activation gives no interval on the difference to ${o.baseline}`,
      head,
      rows,
    );
  const list = (what: string, a: string[]): string[] => (a.length ? [`${what}: ${a.join(', ')}`] : []);
  const reason =
    `worst-case robust accuracy against ${o.baseline} (95% interval, seed-paired): ` +
    [
      ...list('better', better),
      ...list('worse', worse),
      ...list('indistinguishable', ties),
      ...list(`did not train (clean accuracy < ${pct(TRAINED)})`, untrained),
    ].join('; ');
  if (better.length >= smooth.length / 2 && worse.length === 0) return verdictOf('holds', reason, head, rows);
  if (better.length > 0) return verdictOf('holds partly', reason, head, rows);
  return verdictOf('does not hold at this scale', reason, head, rows);
}

// ---- the claims ---------------------------------------------------------------------------

/**
 * Every claim, in the order of docs/notes.md. Quick sizes fit ≤ 10 minutes on 2 quiet cores
 * (1–2 seeds, smaller data); full sizes are each experiment's defaults (robust's 8.3 minutes is
 * the longest), plus what a claim needs beyond them (XOR's epochs).
 */
export const NOTES_CLAIMS: readonly NotesClaim[] = [
  {
    id: 'xor',
    statement: 'XOR needs a non-linearity: a network without one cannot separate it',
    where: '004',
    command: 'compare',
    args: {
      quick: ['--dataset', 'xor', '--acts', 'identity,relu', '--seeds', '2', '--epochs', '20'],
      full: ['--dataset', 'xor', '--acts', 'identity,relu', '--seeds', '3', '--epochs', '20'],
    },
    assess: xorVerdict,
    figures: [REPORT_CHARTS.accuracy],
  },
  {
    id: 'gradflow',
    statement: "sigmoid and tanh gradients vanish with depth; ReLU's do not",
    where: '002, 003',
    command: 'gradflow',
    args: { quick: ['--depth', '2,10,20,30'], full: [] },
    assess: gradflowVerdict,
    figures: ['gradflow-depth.png', 'gradflow.png'],
  },
  {
    id: 'dead',
    statement: 'ReLU units die at high learning rates',
    where: '000, 002',
    command: 'dead',
    args: { quick: ['--epochs', '3', '--train-size', '1000', '--lr', '0.01,0.1,1'], full: [] },
    assess: deadVerdict,
    figures: ['dead.png', 'dead-curves.png'],
  },
  {
    id: 'compare',
    statement: 'comparisons of activation functions show no clear winner',
    where: '000 §1.31',
    command: 'compare',
    args: { quick: ['--seeds', '2', '--epochs', '3', '--train-size', '4000', '--test-size', '1000'], full: [] },
    assess: compareVerdict,
    figures: [REPORT_CHARTS.box],
  },
  {
    id: 'converge',
    statement: 'ReLU converges much faster than tanh/sigmoid (e.g. 6×, Krizhevsky et al. 2012)',
    where: '000 §1.5, 002',
    command: 'converge',
    args: {
      quick: [
        '--acts',
        'relu,tanh,sigmoid',
        '--seeds',
        '2',
        '--train-size',
        '1500',
        '--probe-size',
        '500',
        '--test-size',
        '500',
        '--max-epochs',
        '4',
      ],
      full: [],
    },
    assess: convergeAssessment,
    figures: [CONVERGE_CHARTS.curves, CONVERGE_CHARTS.epochs],
  },
  {
    id: 'selu',
    statement: 'SELU self-normalises: activations keep mean 0 and variance 1 through depth (Klambauer et al. 2017)',
    where: '000 §1.12',
    command: 'selu',
    args: {
      quick: ['--seeds', '1', '--train-size', '2000', '--test-size', '500', '--epochs', '1', '--probe-size', '500'],
      full: [],
    },
    assess: seluAssessment,
    figures: [SELU_CHARTS.variance, SELU_CHARTS.mean],
  },
  {
    id: 'siren',
    statement: 'SIREN (sine activations) fits images that a ReLU network cannot',
    where: '001',
    command: 'siren',
    args: { quick: ['--steps', '500', '--acts', 'sine,relu,relu_pe'], full: [] },
    assess: sirenVerdict,
    figures: [SIREN_FIGURES.reconstructions, SIREN_FIGURES.psnr],
  },
  {
    id: 'approx',
    statement: 'non-polynomial activations are universal approximators (polynomial ones are not)',
    where: '003',
    command: 'approx',
    args: {
      quick: ['--widths', '1,4,16,64', '--restarts', '1', '--target', 'sin,abs,step'],
      full: [],
    },
    assess: approxVerdict,
    figures: [APPROX_FIGURES.error, APPROX_FIGURES.curves],
  },
  {
    id: 'robust',
    statement: 'smooth activations help adversarial training (Smooth Adversarial Training, Xie et al. 2020)',
    where: '000, 004',
    command: 'robust',
    args: {
      quick: [
        '--acts',
        // Not softplus (in the default study): this CNN does not learn with it (docs/adversarial.md).
        'relu,silu,gelu',
        '--seeds',
        '2',
        '--train-size',
        '4000',
        '--test-size',
        '200',
        '--epochs',
        '4',
        '--pgd-steps',
        '10',
        '--apgd-steps',
        '10',
        '--held-out',
        '0',
      ],
      full: [],
    },
    assess: robustVerdict,
    figures: [ROBUST_CHARTS.scatter, ROBUST_CHARTS.curve],
  },
];

export const notesClaimIds = NOTES_CLAIMS.map((c) => c.id);
