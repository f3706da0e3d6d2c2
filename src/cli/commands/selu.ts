/**
 * `actlab selu`: does SELU self-normalise? Per-layer mean and variance of a deep plain MLP's
 * activations at init and after training, SELU against ReLU/tanh/ELU (LeCun init) and ReLU with
 * Kaiming init (Klambauer et al. 2017). On the experiment runner: worker pool, resumable
 * selu.jsonl, `--shard i/n|auto`.
 */
import { Option, type Command } from 'commander';
import { canonicalDataset, datasetChoices } from '../../experiments/data.js';
import { parseVariant, SELU_DEFAULTS, type SeluConfig, type SeluVariant } from '../../experiments/selu-config.js';
import { NORMAL_BAND, seluVerdict, type SeluSummary } from '../../experiments/selu-report.js';
import { runSelu } from '../../experiments/selu-runner.js';
import { activationId } from '../activations.js';
import { loadSplitForCli } from '../data-check.js';
import { UsageError } from '../errors.js';
import { choose, ensureOutDir, intArg, nameListArg, numberArg } from '../options.js';
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

interface SeluOptions {
  variants: string[];
  seeds: number;
  firstSeed: number;
  depth: number;
  width: number;
  epochs: number;
  lr: number;
  batchSize: number;
  probeSize: number;
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

const D = SELU_DEFAULTS;

/** "selu+lecun" → a variant with a canonical activation id; a bad one is a usage error. */
function variantArg(text: string): SeluVariant {
  let v: SeluVariant;
  try {
    v = parseVariant(text);
  } catch (err) {
    throw new UsageError(`--variants: ${(err as Error).message}`);
  }
  return { act: activationId(v.act), init: v.init };
}

/** The summary as JSON: per variant, per-layer statistics at init and after training. */
export function seluJson(summary: SeluSummary, depth: number): object {
  return {
    band: NORMAL_BAND,
    verdict: seluVerdict(summary, depth),
    variants: summary.variants.map((v) => ({
      id: v.id,
      act: v.variant.act,
      init: v.variant.init,
      seeds: v.seeds,
      atInit: { mean: v.init.mean, variance: v.init.variance, outside: v.init.outside },
      trained: { mean: v.trained.mean, variance: v.trained.variance, outside: v.trained.outside },
      lastLayer: {
        initMean: v.init.lastMean,
        initVariance: v.init.lastVariance,
        trainedMean: v.trained.lastMean,
        trainedVariance: v.trained.lastVariance,
      },
      testAccuracy: v.testAccuracy,
      diverged: v.diverged,
    })),
    missing: summary.missing,
  };
}

export function register(program: Command): void {
  const cmd = program
    .command('selu')
    .summary('per-layer mean and variance through a deep MLP: does SELU self-normalise? (Klambauer et al. 2017)')
    .description(
      'Builds a deep plain MLP (no batch norm) per variant (activation+init) × seed, measures the mean and variance of every ' +
        'hidden layer’s activations on a fixed batch of training samples, trains it with plain SGD and measures again. Writes ' +
        'DIR/report.md (how many layers stay near (0, 1), last-layer statistics per seed, test accuracy, a verdict), DIR/selu-variance.png ' +
        'and DIR/selu-mean.png (per layer, at init and after training) and DIR/selu.jsonl (one line per network; rerunning resumes).',
    )
    .addOption(
      new Option(
        '--variants <list>',
        'networks, comma-separated activation+init with init lecun (N(0, 1/fan_in)) or kaiming (the activation’s gain)',
      )
        .argParser(nameListArg)
        .default(D.variants, D.variants.join(',')),
    )
    .addOption(new Option('--seeds <n>', 'seeds per variant').argParser(intArg(1, 1000)).default(D.seeds))
    .addOption(new Option('--first-seed <n>', 'first seed').argParser(intArg(0)).default(0))
    .addOption(new Option('--depth <n>', 'hidden layers').argParser(intArg(1, 1000)).default(D.depth))
    .addOption(new Option('--width <n>', 'units per hidden layer').argParser(intArg(1, 4096)).default(D.width))
    .addOption(
      new Option('--epochs <n>', 'training epochs (0: statistics at init only)')
        .argParser(intArg(0, 10_000))
        .default(D.epochs),
    )
    .addOption(
      new Option('--lr <rate>', 'learning rate of plain SGD').argParser(numberArg(0, Infinity, true)).default(D.lr),
    )
    .addOption(new Option('--batch-size <n>', 'samples per mini-batch').argParser(intArg(1)).default(D.batchSize))
    .addOption(
      new Option('--probe-size <n>', 'training samples the statistics are measured on (the first ones)')
        .argParser(intArg(1))
        .default(D.probeSize),
    )
    .addOption(new Option('--dataset <name>', `dataset: ${datasetChoices.join(', ')}`).default(D.dataset))
    .addOption(new Option('--train-size <n>', 'training samples').argParser(intArg(1)).default(D.trainSize))
    .addOption(new Option('--test-size <n>', 'test samples').argParser(intArg(1)).default(D.testSize))
    .addOption(dataDirOption())
    .addOption(dataSeedOption(D.dataSeed))
    .addOption(workersOption());
  addShardOptions(
    cmd,
    'networks',
    'shards may share one folder, or concatenate their selu.jsonl files into one folder and rerun there',
  );
  addOutputOptions(cmd, {
    out: 'actlab-selu',
    resumed: true,
    json: 'the summary',
    progress: 'bars on a terminal, a line per network otherwise',
  }).action(async (o: SeluOptions) => {
    const shard = resolveShard(o.shard, o.shardCount);
    const variants = o.variants.map(variantArg);
    if (o.probeSize > o.trainSize)
      throw new UsageError(`--probe-size ${o.probeSize} exceeds --train-size ${o.trainSize}`);
    const config: SeluConfig = {
      dataset: canonicalDataset(choose('dataset', o.dataset, datasetChoices)),
      trainSize: o.trainSize,
      testSize: o.testSize,
      dataSeed: o.dataSeed,
      ...(o.dataDir !== undefined ? { dataDir: o.dataDir } : {}),
      depth: o.depth,
      width: o.width,
      epochs: o.epochs,
      lr: o.lr,
      batchSize: o.batchSize,
      probeSize: o.probeSize,
      variants,
      seeds: Array.from({ length: o.seeds }, (_, i) => o.firstSeed + i),
    };
    loadSplitForCli(config);
    const out = ensureOutDir(o.out);
    let progress: Progress | undefined;
    const started = performance.now();
    const outcome = await runSelu(config, {
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
            unit: 'networks',
          });
        },
        start: (t) => progress?.start(t.key, `${t.variant.act}+${t.variant.init} seed ${t.seed}`),
        progress: (t, p) => progress?.update(t.key, p),
        done: (t, r, n, total) =>
          progress?.finish(
            t.key,
            `[${n}/${total}] ${t.variant.act}+${t.variant.init} seed ${t.seed}: last layer at init mean ` +
              `${(r.init.mean.at(-1) ?? NaN).toFixed(3)}, variance ${(r.init.variance.at(-1) ?? NaN).toExponential(2)}; ` +
              (r.diverged ? 'diverged' : `test accuracy ${r.testAccuracy.toFixed(4)}`),
          ),
      },
    }).finally(() => progress?.stop());
    const seconds = (performance.now() - started) / 1000;
    const s = outcome.summary;
    if (o.json) {
      printRunJson(out, outcome, seconds, { depth: o.depth, ...seluJson(s, o.depth) });
      return;
    }
    const verdict = seluVerdict(s, o.depth);
    const last = (a: readonly number[]): string => {
      const v = a.at(-1) ?? NaN;
      return Number.isFinite(v) ? (Math.abs(v) < 0.01 && v !== 0 ? v.toExponential(1) : v.toFixed(2)) : 'n/a';
    };
    print(
      table(
        [
          'network',
          'last layer at init (mean, var)',
          'near (0,1) at init',
          'after training (mean, var)',
          'near after',
          'test accuracy',
        ],
        s.variants.map((v) => [
          v.label,
          `${last(v.init.mean)}, ${last(v.init.variance)}`,
          `${o.depth - v.init.outside.length}/${o.depth}`,
          `${last(v.trained.mean)}, ${last(v.trained.variance)}`,
          `${o.depth - v.trained.outside.length}/${o.depth}`,
          v.diverged > 0 ? `${v.diverged} diverged` : v.testAccuracy.mean.toFixed(4),
        ]),
        ['left', 'right', 'right', 'right', 'right', 'right'],
      ),
      `${bold('near (0,1)')} = |mean| ≤ ${NORMAL_BAND.mean} and ${NORMAL_BAND.varianceLow} ≤ variance ≤ ${NORMAL_BAND.varianceHigh}, layers of ${o.depth}.`,
      `${bold(verdict.verdict)}: ${verdict.reason} (the notes: SELU self-normalises).`,
      `${bold('report')}: ${outcome.files[0]}  (${outcome.ran} network(s) trained, ${outcome.skipped} resumed, ${seconds.toFixed(0)} s)`,
    );
    if (s.missing.length > 0) note(`missing networks: ${s.missing.join(', ')}`);
  });
}
