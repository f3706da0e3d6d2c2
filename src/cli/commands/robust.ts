/**
 * `actlab robust`: the smooth-activation study of Smooth Adversarial Training (Xie et al. 2020)
 * at a scale a laptop runs. Per activation × seed it adversarially trains the same CNN and
 * evaluates it under FGSM, PGD and APGD on the whole test split, on compare's machinery (worker
 * pool, resumable robust.jsonl, --shard, merge), and writes report.md with the charts.
 */
import { Option, type Command } from 'commander';
import { DatasetNotFoundError } from '../../data/errors.js';
import { canonicalDataset } from '../../experiments/data.js';
import {
  defaultEps,
  presetConfig,
  robustPresets,
  type RobustConfig,
  type RobustPreset,
} from '../../experiments/robust-config.js';
import { loadRobustSplit } from '../../experiments/robust-run.js';
import { runRobustExperiment } from '../../experiments/robust-runner.js';
import { verdict, type RobustSummary } from '../../experiments/robust-summary.js';
import { activationIdList } from '../activations.js';
import { UsageError } from '../errors.js';
import { choose, ensureOutDir, intArg, nameListArg, numberArg, numberListArg, hiddenArg } from '../options.js';
import { addShardOptions, resolveShard, type Shard } from '../shard.js';
import { bold, note, print, table } from '../output.js';
import type { Progress } from '../progress.js';
import {
  dataDirOption,
  dataSeedOption,
  workersOption,
  addOutputOptions,
  planProgress,
  runsOn,
  printRunJson,
} from '../experiment-options.js';

export const ROBUST_DEFAULTS = {
  acts: ['relu', 'softplus', 'silu', 'gelu', 'elu', 'smooth_relu'],
  seeds: 3,
  dataset: 'mnist',
  out: 'actlab-robust',
};

interface RobustOptions {
  acts: string[];
  seeds: number;
  firstSeed: number;
  dataset: string;
  preset: string;
  eps?: number;
  trainSize?: number;
  testSize?: number;
  dataDir?: string;
  dataSeed: number;
  epochs?: number;
  channels?: number[];
  hidden?: number[];
  lr?: number;
  batchSize?: number;
  trainAttack?: string;
  trainSteps?: number;
  alpha?: number;
  warmup?: number;
  cleanStart?: number;
  pgdSteps?: number;
  pgdRestarts?: number;
  apgdSteps?: number;
  curve?: number[];
  heldOut?: number;
  workers: number;
  shard?: Shard | 'auto';
  shardCount?: number;
  saveModels?: boolean;
  out: string;
  json?: boolean;
  quiet?: boolean;
}

const pct = (v: number): string => (Number.isFinite(v) ? (100 * v).toFixed(1) : 'n/a');
const pm = (s: { mean: number; std: number; values: number[] }): string =>
  s.values.length > 1 ? `${pct(s.mean)} ± ${pct(s.std)}` : pct(s.mean);

/** The study's configuration from the options: the preset, then each option given over it. */
export function robustConfigFrom(o: RobustOptions): RobustConfig {
  const dataset = canonicalDataset(choose('dataset', o.dataset, ['mnist', 'fashion-mnist', 'fashion']));
  const preset = choose('preset', o.preset, robustPresets) as RobustPreset;
  const p = presetConfig(preset, dataset);
  const eps = o.eps ?? defaultEps(dataset);
  const scale = eps / defaultEps(dataset);
  const training = { ...p.training, eps };
  if (p.training.alpha !== undefined) training.alpha = Number((p.training.alpha * scale).toFixed(6));
  if (o.trainAttack !== undefined) {
    training.attack = choose('training attack', o.trainAttack, ['fgsm', 'pgd'] as const);
    if (training.attack === 'fgsm') training.steps = 1;
    delete training.alpha;
  }
  if (o.trainSteps !== undefined) {
    if (training.attack === 'fgsm' && o.trainSteps !== 1)
      throw new UsageError(`--train-steps ${o.trainSteps}: FGSM training takes one step; use --train-attack pgd`);
    training.steps = o.trainSteps;
  }
  if (o.alpha !== undefined) training.alpha = o.alpha;
  if (o.warmup !== undefined) training.warmup = o.warmup;
  if (o.cleanStart !== undefined) training.cleanStart = o.cleanStart;
  const evaluation = {
    ...p.evaluation,
    eps,
    curve: o.curve ?? p.evaluation.curve.map((c) => Number((c * scale).toFixed(4))),
  };
  if (o.pgdSteps !== undefined) evaluation.pgdSteps = o.pgdSteps;
  if (o.pgdRestarts !== undefined) evaluation.pgdRestarts = o.pgdRestarts;
  if (o.apgdSteps !== undefined) evaluation.apgdSteps = o.apgdSteps;
  const config: RobustConfig = {
    ...p,
    dataset,
    dataSeed: o.dataSeed,
    trainSize: o.trainSize ?? p.trainSize,
    testSize: o.testSize ?? p.testSize,
    epochs: o.epochs ?? p.epochs,
    channels: o.channels ?? p.channels,
    hidden: o.hidden ?? p.hidden,
    lr: o.lr ?? p.lr,
    batchSize: o.batchSize ?? p.batchSize,
    heldOut: o.heldOut ?? p.heldOut,
    training,
    evaluation,
    acts: activationIdList(o.acts),
    seeds: Array.from({ length: o.seeds }, (_, i) => o.firstSeed + i),
  };
  if (o.dataDir !== undefined) config.dataDir = o.dataDir;
  if (config.heldOut >= config.trainSize)
    throw new UsageError(`--held-out ${config.heldOut} must be below --train-size ${config.trainSize}`);
  return config;
}

export function robustRows(summary: RobustSummary): string[][] {
  return summary.activations.map((s, i) => {
    const d = s.vsBaseline?.worst;
    const v = verdict(d);
    return [
      String(i + 1),
      s.act,
      pm(s.clean),
      pm(s.pgd),
      pm(s.apgd),
      pm(s.worst),
      s.act === summary.baseline
        ? 'baseline'
        : d && Number.isFinite(d.mean)
          ? `${d.mean >= 0 ? '+' : ''}${pct(d.mean)}${v === 'n/a' ? '' : ` (${v === 'tie' ? 'within noise' : v})`}`
          : '—',
      String(s.runs),
    ];
  });
}

export const ROBUST_HEAD = ['#', 'activation', 'clean %', 'PGD %', 'APGD %', 'worst case %', 'Δ worst vs ReLU', 'runs'];

/** The summary table `robust` and `merge` print: one row per activation, best worst case first. */
export function robustTable(summary: RobustSummary): string {
  return table(ROBUST_HEAD, robustRows(summary), [
    'right',
    'left',
    'right',
    'right',
    'right',
    'right',
    'left',
    'right',
  ]);
}

export function robustJson(summary: RobustSummary): object {
  return {
    baseline: summary.baseline ?? null,
    activations: summary.activations.map((s) => ({
      act: s.act,
      runs: s.runs,
      seeds: s.seeds,
      clean: { mean: s.clean.mean, std: s.clean.std },
      fgsm: { mean: s.fgsm.mean, std: s.fgsm.std },
      pgd: { mean: s.pgd.mean, std: s.pgd.std },
      apgd: { mean: s.apgd.mean, std: s.apgd.std },
      worstCase: { mean: s.worst.mean, std: s.worst.std },
      curve: s.curve,
      vsBaseline: s.vsBaseline ?? null,
      verdict: s.vsBaseline ? verdict(s.vsBaseline.worst) : null,
      warnedRuns: s.warnedRuns,
      stoppedRuns: s.stoppedRuns,
      trainSeconds: s.trainSeconds,
    })),
    missing: summary.missing,
  };
}

export function register(program: Command): void {
  const cmd = program
    .command('robust')
    .summary('adversarially train one CNN per activation × seed and compare robust accuracy (the SAT study)')
    .description(
      'Tests Smooth Adversarial Training (Xie et al. 2020: smooth activations make adversarial training work better) at ' +
        'small scale. Per activation × seed it adversarially trains the same CNN, then measures clean accuracy and robust ' +
        'accuracy under FGSM, PGD and APGD on every test image, the worst case over them, and robust accuracy against ε. ' +
        'Writes DIR/report.md (mean ± std over seeds, each activation vs ReLU with a 95% interval, gradient-masking ' +
        'warnings), DIR/robust.jsonl (one line per finished run; rerunning resumes) and two charts. The default preset ' +
        '(FGSM with random start at ε = 0.3 on MNIST, 0.1 on Fashion-MNIST) takes about 50 CPU-seconds per run, 18 ' +
        'runs: 8.3 minutes measured on 2 idle cores (docs/adversarial.md has the figures).',
    )
    .addOption(
      new Option('--acts <ids>', 'activations, comma-separated (ReLU is the baseline)')
        .argParser(nameListArg)
        .default(ROBUST_DEFAULTS.acts, ROBUST_DEFAULTS.acts.join(',')),
    )
    .addOption(
      new Option('--seeds <n>', 'seeds per activation').argParser(intArg(1, 1000)).default(ROBUST_DEFAULTS.seeds),
    )
    .addOption(new Option('--first-seed <n>', 'first seed').argParser(intArg(0)).default(0))
    .addOption(
      new Option('--dataset <name>', 'mnist or fashion-mnist (the study needs images)').default(
        ROBUST_DEFAULTS.dataset,
      ),
    )
    .addOption(
      new Option(
        '--preset <name>',
        'default (FGSM-RS, 5 epochs, PGD-20 + APGD-20 on 500 test images: ~50 CPU-s per run); sat (PGD-1, α = ε, ' +
          '20% of batches from the clean image, 10 epochs, PGD-50 + APGD-100 on 2000 images); madry (PGD-40 training, ' +
          '20 epochs, PGD-100×5 + APGD-100: hours, for big machines or shards)',
      ).default('default'),
    )
    .addOption(
      new Option('--eps <e>', 'L∞ radius in pixel units (default: mnist 0.3, fashion-mnist 0.1)').argParser(
        numberArg(0, 1, true),
      ),
    )
    .addOption(
      new Option('--train-size <n>', 'training images (default 8000; the held-out ones come out of these)').argParser(
        intArg(2),
      ),
    )
    .addOption(
      new Option('--test-size <n>', 'test images, all evaluated (default per preset: 500 or 2000)').argParser(
        intArg(1),
      ),
    )
    .addOption(dataDirOption())
    .addOption(dataSeedOption())
    .addOption(new Option('--epochs <n>', 'training epochs (default per preset)').argParser(intArg(1, 10_000)))
    .addOption(
      new Option(
        '--channels <list>',
        "output channels of the CNN's conv3×3 → act → maxpool2 blocks (default 16,32)",
      ).argParser(hiddenArg),
    )
    .addOption(
      new Option(
        '--hidden <list>',
        'widths of its dense layers (default 128; "none": straight to the classes)',
      ).argParser(hiddenArg),
    )
    .addOption(
      new Option('--lr <rate>', 'Adam learning rate, cosine-decayed (default 1e-3)').argParser(
        numberArg(0, Infinity, true),
      ),
    )
    .addOption(new Option('--batch-size <n>', 'batch size (default 64)').argParser(intArg(1)))
    .addOption(new Option('--train-attack <name>', 'fgsm (with random start) or pgd (default per preset)'))
    .addOption(
      new Option(
        '--train-steps <n>',
        'PGD steps per training batch (default per preset: default 1 (FGSM), sat 1, madry 40)',
      ).argParser(intArg(1, 1000)),
    )
    .addOption(
      new Option('--alpha <a>', 'training step size (default: 1.25ε for FGSM, 2.5ε/steps for PGD)').argParser(
        numberArg(0, Infinity, true),
      ),
    )
    .addOption(
      new Option('--warmup <epochs>', 'epochs over which ε ramps up from 0 (default 2)').argParser(numberArg(0)),
    )
    .addOption(
      new Option(
        '--clean-start <p>',
        'share of batches whose attack starts at the clean image (default per preset: sat 0.2, others 0)',
      ).argParser(numberArg(0, 1)),
    )
    .addOption(
      new Option(
        '--pgd-steps <n>',
        'steps of the evaluation PGD (default per preset: 20, sat 50, madry 100)',
      ).argParser(intArg(1, 10_000)),
    )
    .addOption(
      new Option(
        '--pgd-restarts <n>',
        'random restarts of the evaluation PGD (default per preset: 1, madry 5)',
      ).argParser(intArg(1, 1000)),
    )
    .addOption(
      new Option(
        '--apgd-steps <n>',
        'iterations of the evaluation APGD-CE (default per preset: 20, sat and madry 100)',
      ).argParser(intArg(1, 10_000)),
    )
    .addOption(
      new Option(
        '--curve <eps>',
        'ε values of the robustness curve, comma-separated (default ε/3, 2ε/3, ε, 4ε/3)',
      ).argParser(numberListArg(0, true)),
    )
    .addOption(
      new Option(
        '--held-out <n>',
        'training images held out for early stopping on PGD-10 accuracy (0: off; default 256)',
      ).argParser(intArg(0)),
    )
    .addOption(workersOption());
  addShardOptions(cmd, 'runs').option(
    '--save-models',
    'also save each trained network as OUT/models/ACT-seedN (model.json + model.safetensors), for actlab attack (default: off)',
  );
  addOutputOptions(cmd, {
    out: ROBUST_DEFAULTS.out,
    resumed: true,
    json: 'the summary',
    progress: 'a line per finished run',
  }).action(async (o: RobustOptions) => {
    const shard = resolveShard(o.shard, o.shardCount);
    const config = robustConfigFrom(o);
    const out = ensureOutDir(o.out);
    try {
      loadRobustSplit(config); // a missing dataset or bad sizes fail here, before any worker starts
    } catch (err) {
      if (err instanceof DatasetNotFoundError || err instanceof RangeError)
        throw new UsageError(`dataset ${config.dataset}: ${err.message}`);
      throw err;
    }
    let progress: Progress | undefined;
    const started = performance.now();
    const outcome = await runRobustExperiment(config, {
      outDir: out,
      workers: o.workers,
      ...(shard ? { shard: { index: shard.index, count: shard.count } } : {}),
      saveModels: o.saveModels ?? false,
      events: {
        plan: ({ shardRuns, finished, toRun }) => {
          progress = planProgress({
            quiet: o.quiet ?? false,
            out,
            shard,
            total: shardRuns.length,
            finished,
            unit: 'runs',
            running:
              `${config.preset} preset: training ${toRun.length} run(s) on ${runsOn(toRun.length, o.workers)}; ` +
              'the last "epoch" of each bar is the evaluation',
          });
        },
        start: (run) => progress?.start(run.key, `${run.act} seed ${run.seed}`),
        progress: (run, p) => progress?.update(run.key, p),
        done: (run, r, n, total) =>
          progress?.finish(
            run.key,
            `[${n}/${total}] ${run.act} seed ${run.seed}: clean ${pct(r.cleanAccuracy)}%, PGD ${pct(r.pgd)}%, ` +
              `APGD ${pct(r.apgd)}%, worst case ${pct(r.worstCase)}% (${r.trainSeconds.toFixed(0)} s training, ${r.evalSeconds.toFixed(0)} s attacks)` +
              `${r.warnings.length ? ` · ${r.warnings.length} masking warning(s)` : ''}`,
          ),
      },
    }).finally(() => progress?.stop());
    const seconds = (performance.now() - started) / 1000;
    if (o.json) {
      printRunJson(out, outcome, seconds, { cpuSeconds: outcome.cpuSeconds, ...robustJson(outcome.summary) });
      return;
    }
    print(robustTable(outcome.summary));
    print(
      `${bold('report')}: ${outcome.files[0]}  (${outcome.ran} run(s) trained, ${outcome.skipped} resumed, ` +
        `${(seconds / 60).toFixed(1)} min wall, ${(outcome.cpuSeconds / 60).toFixed(1)} min CPU)`,
    );
    if (outcome.summary.missing.length > 0) note(`missing runs: ${outcome.summary.missing.join(', ')}`);
  });
}
