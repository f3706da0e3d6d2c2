/**
 * `actlab converge`: epochs (and seconds) to a training-error target per activation — the notes'
 * "ReLU converges much faster than tanh/sigmoid (e.g. 6×)" (Krizhevsky et al. 2012) on
 * Fashion-MNIST with a four-layer CNN. On the experiment runner: worker pool, resumable
 * converge.jsonl, `--shard i/n|auto`.
 */
import { Option, type Command } from 'commander';
import { CONVERGE_DEFAULTS, convergeOptimizers, type ConvergeConfig } from '../../experiments/converge-config.js';
import { canonicalDataset, datasetChoices } from '../../experiments/data.js';
import { runConverge } from '../../experiments/converge-runner.js';
import { convergeVerdict, formatFactor, type ConvergeSummary } from '../../experiments/converge-summary.js';
import { initNames } from '../../experiments/config.js';
import { activationIdList } from '../activations.js';
import { loadSplitForCli } from '../data-check.js';
import { UsageError } from '../errors.js';
import { choose, ensureOutDir, hiddenArg, intArg, nameListArg, numberArg, numberListArg } from '../options.js';
import { bold, note, print, table } from '../output.js';
import type { Progress } from '../progress.js';
import { addShardOptions, resolveShard, type Shard } from '../shard.js';
import {
  dataDirOption,
  dataSeedOption,
  workersOption,
  addOutputOptions,
  planProgress,
  printRunJson,
} from '../experiment-options.js';

interface ConvergeOptions {
  acts: string[];
  lrs: number[];
  seeds: number;
  firstSeed: number;
  optimizer: string;
  target: number;
  maxEpochs: number;
  evalsPerEpoch: number;
  probeSize: number;
  channels: number[];
  hidden: number[];
  init: string;
  batchSize: number;
  dataset: string;
  trainSize: number;
  testSize: number;
  dataDir?: string;
  dataSeed: number;
  workers: number;
  shard?: Shard | 'auto';
  shardCount?: number;
  out: string;
  json?: boolean;
  quiet?: boolean;
}

const D = CONVERGE_DEFAULTS;

/** The summary as JSON (no per-run curves: those are in converge.jsonl). */
export function convergeJson(summary: ConvergeSummary): object {
  return {
    target: summary.target,
    maxEpochs: summary.maxEpochs,
    factor: summary.factor,
    verdict: convergeVerdict(summary),
    activations: summary.activations.map((a) => ({
      act: a.act,
      bestLr: a.best.lr,
      runs: a.best.runs,
      reached: a.best.reached,
      epochsToTarget: a.best.epochs,
      secondsToTarget: a.best.seconds,
      testError: { mean: a.best.testError.mean, std: a.best.testError.std },
      slowdownVsRelu: a.slowdown,
      censored: a.censored,
      byLr: a.byLr.map((l) => ({ lr: l.lr, runs: l.runs, reached: l.reached, diverged: l.diverged, epochs: l.epochs })),
    })),
    missing: summary.missing,
  };
}

const verdictLine = (v: { verdict: string; reason: string }): string => `${bold(v.verdict)}: ${v.reason}`;

export function register(program: Command): void {
  const cmd = program
    .command('converge')
    .summary('epochs to a training-error target per activation (ReLU vs tanh/sigmoid, Krizhevsky et al. 2012)')
    .description(
      'Trains a four-layer CNN (three conv3×3 → activation → maxpool blocks and a linear classifier, no normalisation) once ' +
        'per activation × learning rate × seed, measures the training error several times per epoch on a fixed subset of ' +
        'the training set, and stops each run at the target. Writes DIR/report.md (epochs and seconds to the target at each ' +
        "activation's best learning rate, mean ± std over seeds, the slowdown against ReLU next to the notes' 6× and a verdict), " +
        'DIR/converge.png (training error against epoch with the target line), DIR/converge-epochs.png and DIR/converge.jsonl ' +
        '(one line per finished run; rerunning resumes).',
    )
    .addOption(
      new Option('--acts <ids>', 'activations, comma-separated')
        .argParser(nameListArg)
        .default(D.acts, D.acts.join(',')),
    )
    .addOption(
      new Option('--lrs <rates>', 'learning rates tried per activation (the report keeps the fastest), comma-separated')
        .argParser(numberListArg(0, true))
        .default(D.lrs, D.lrs.join(',')),
    )
    .addOption(new Option('--seeds <n>', 'seeds per activation and rate').argParser(intArg(1, 1000)).default(D.seeds))
    .addOption(new Option('--first-seed <n>', 'first seed').argParser(intArg(0)).default(0))
    .addOption(
      new Option(
        '--optimizer <name>',
        `${convergeOptimizers.join(', ')} (momentum: SGD with momentum 0.9, as Krizhevsky et al.; sgd: none; adam: torch's Adam)`,
      ).default(D.optimizer),
    )
    .addOption(
      new Option('--target <error>', 'training error to reach, a fraction')
        .argParser(numberArg(0, 1, true))
        .default(D.target),
    )
    .addOption(
      new Option('--max-epochs <n>', 'epoch budget of each run').argParser(intArg(1, 10_000)).default(D.maxEpochs),
    )
    .addOption(
      new Option('--evals-per-epoch <n>', 'training-error measurements per epoch')
        .argParser(intArg(1, 1000))
        .default(D.evalsPerEpoch),
    )
    .addOption(
      new Option('--probe-size <n>', 'training images the error is measured on (the first ones)')
        .argParser(intArg(1))
        .default(D.probeSize),
    )
    .addOption(
      new Option('--channels <sizes>', 'channels of the conv blocks, comma-separated')
        .argParser(hiddenArg)
        .default(D.channels, D.channels.join(',')),
    )
    .addOption(
      new Option('--hidden <sizes>', 'dense hidden widths after the conv blocks ("none": the classifier follows them)')
        .argParser(hiddenArg)
        .default(D.hidden, 'none'),
    )
    .addOption(
      new Option(
        '--init <scheme>',
        `weight init: ${initNames.join(', ')} (default = torch's Conv2d/Linear init)`,
      ).default(D.init),
    )
    .addOption(new Option('--batch-size <n>', 'samples per mini-batch').argParser(intArg(1)).default(D.batchSize))
    .addOption(new Option('--dataset <name>', 'an image dataset: fashion-mnist or mnist').default(D.dataset))
    .addOption(new Option('--train-size <n>', 'training images').argParser(intArg(1)).default(D.trainSize))
    .addOption(new Option('--test-size <n>', 'test images (final test error)').argParser(intArg(1)).default(D.testSize))
    .addOption(dataDirOption())
    .addOption(dataSeedOption(D.dataSeed))
    .addOption(workersOption());
  addShardOptions(
    cmd,
    'runs',
    'shards may share one folder, or concatenate their converge.jsonl files into one folder and rerun there',
  );
  addOutputOptions(cmd, {
    out: 'actlab-converge',
    resumed: true,
    json: 'the summary',
    progress: 'bars on a terminal, a line per run otherwise',
  }).action(async (o: ConvergeOptions) => {
    const shard = resolveShard(o.shard, o.shardCount);
    const dataset = canonicalDataset(choose('dataset', o.dataset, datasetChoices));
    if (o.probeSize > o.trainSize)
      throw new UsageError(`--probe-size ${o.probeSize} exceeds --train-size ${o.trainSize}`);
    const config: ConvergeConfig = {
      dataset,
      trainSize: o.trainSize,
      testSize: o.testSize,
      dataSeed: o.dataSeed,
      ...(o.dataDir !== undefined ? { dataDir: o.dataDir } : {}),
      channels: o.channels,
      hidden: o.hidden,
      init: choose('init', o.init, initNames),
      optimizer: choose('optimizer', o.optimizer, convergeOptimizers),
      batchSize: o.batchSize,
      maxEpochs: o.maxEpochs,
      target: o.target,
      evalsPerEpoch: o.evalsPerEpoch,
      probeSize: o.probeSize,
      acts: activationIdList(o.acts),
      lrs: [...new Set(o.lrs)],
      seeds: Array.from({ length: o.seeds }, (_, i) => o.firstSeed + i),
    };
    if (o.channels.length === 0) throw new UsageError('--channels: the CNN needs at least one conv block');
    const split = loadSplitForCli(config);
    if (split.train.featureShape.length !== 3)
      throw new UsageError(`--dataset ${dataset}: converge trains a CNN and needs images (fashion-mnist, mnist)`);
    const out = ensureOutDir(o.out);
    let progress: Progress | undefined;
    const started = performance.now();
    const outcome = await runConverge(config, {
      outDir: out,
      workers: o.workers,
      ...(shard ? { shard: { index: shard.index, count: shard.count } } : {}),
      events: {
        plan: ({ shardTasks, finished }) => {
          progress = planProgress({
            quiet: o.quiet ?? false,
            out,
            shard,
            total: shardTasks.length,
            finished,
            unit: 'runs',
          });
        },
        start: (t) => progress?.start(t.key, `${t.act} lr ${t.lr} seed ${t.seed}`),
        progress: (t, p) => progress?.update(t.key, p),
        done: (t, r, n, total) =>
          progress?.finish(
            t.key,
            `[${n}/${total}] ${t.act} lr ${t.lr} seed ${t.seed}: ` +
              (r.reached
                ? `${(100 * config.target).toFixed(1)}% training error after ${r.epochsToTarget.toFixed(2)} epochs (${r.secondsToTarget.toFixed(0)} s)`
                : r.diverged
                  ? 'diverged'
                  : `not reached in ${config.maxEpochs} epochs (last ${(100 * (r.curve.at(-1)?.error ?? NaN)).toFixed(1)}%)`),
          ),
      },
    }).finally(() => progress?.stop());
    const seconds = (performance.now() - started) / 1000;
    const s = outcome.summary;
    if (o.json) {
      printRunJson(out, outcome, seconds, convergeJson(s));
      return;
    }
    print(
      table(
        ['activation', 'best lr', 'reached', 'epochs to target', 'seconds', '× ReLU'],
        s.activations.map((a) => [
          a.act,
          String(a.best.lr),
          `${a.best.reached}/${a.best.runs}`,
          a.censored ? `> ${config.maxEpochs}` : `${a.best.epochs.mean.toFixed(2)} ± ${a.best.epochs.std.toFixed(2)}`,
          Number.isFinite(a.best.seconds.mean) ? a.best.seconds.mean.toFixed(1) : '—',
          formatFactor({ value: a.slowdown, censored: a.censored }),
        ]),
        ['left', 'right', 'right', 'right', 'right', 'right'],
      ),
      `${bold('tanh / ReLU')}: ${formatFactor(s.factor.tanh)} (the notes: 6×) — ${verdictLine(convergeVerdict(s))}`,
      `${bold('report')}: ${outcome.files[0]}  (${outcome.ran} run(s) trained, ${outcome.skipped} resumed, ${seconds.toFixed(0)} s)`,
    );
    if (s.missing.length > 0) note(`missing runs: ${s.missing.join(', ')}`);
  });
}
