/**
 * `actlab compare`: the main job. Trains the same network (MLP, or CNN with --model cnn) once per
 * activation × seed on a worker pool, appending each finished run to results.jsonl (resumable),
 * and writes report.md with its charts. `--shard i/n` (or `auto`, from a job array) runs a
 * deterministic slice; `actlab merge` joins the slices.
 */
import { Option, type Command } from 'commander';
import type { CompareConfig } from '../../experiments/config.js';
import { runExperiment } from '../../experiments/runner.js';
import type { ExperimentSummary } from '../../experiments/summary.js';
import { activationIdList } from '../activations.js';
import { loadSplitForCli } from '../data-check.js';
import { ensureOutDir, intArg, nameListArg } from '../options.js';
import { addShardOptions, resolveShard, type Shard } from '../shard.js';
import { bold, note, print, table } from '../output.js';
import type { Progress } from '../progress.js';
import { addTrainOptions, checkModelData, trainConfigFrom, type TrainOptionValues } from '../train-options.js';
import { activationModuleUrls, importOption } from '../imports.js';
import { workersOption, addOutputOptions, planProgress, printRunJson, runsOn } from '../experiment-options.js';

/**
 * The default experiment, sized to finish in under ~10 minutes on a 2-core machine with the
 * reference JS backend (measured: see docs/cli.md): all 10,000 MNIST digits (8000 train / 2000
 * test), a 784 → 64 → 64 → 10 MLP, 5 epochs of Adam, 9 activations × 3 seeds = 27 runs.
 */
export const COMPARE_DEFAULTS = {
  dataset: 'mnist',
  acts: ['relu', 'leaky_relu', 'elu', 'selu', 'gelu', 'silu', 'mish', 'tanh', 'sigmoid'],
  seeds: 3,
  hidden: [64, 64],
  epochs: 5,
  lr: 1e-3,
  optimizer: 'adam' as const,
  batchSize: 64,
  init: 'default' as const,
  out: 'actlab-compare',
};

interface CompareOptions extends TrainOptionValues {
  acts: string[];
  seeds: number;
  firstSeed: number;
  workers: number;
  shard?: Shard | 'auto';
  shardCount?: number;
  out: string;
  json?: boolean;
  quiet?: boolean;
  import?: string[];
}

export function summaryRows(summary: ExperimentSummary): string[][] {
  return summary.activations.map((s, i) => [
    String(i + 1),
    s.act,
    `${s.testAccuracy.mean.toFixed(4)} ± ${s.testAccuracy.std.toFixed(4)}`,
    `${s.trainLoss.mean.toFixed(4)} ± ${s.trainLoss.std.toFixed(4)}`,
    s.secondsPerEpoch.toFixed(2),
    `${(100 * s.deadFraction).toFixed(1)}%`,
    String(s.runs),
  ]);
}

export const SUMMARY_HEAD = ['#', 'activation', 'test accuracy', 'final train loss', 's / epoch', 'dead units', 'runs'];

/** The summary as JSON: per activation, without the raw values of every run. */
export function summaryJson(summary: ExperimentSummary): object {
  return {
    activations: summary.activations.map((s) => ({
      act: s.act,
      runs: s.runs,
      seeds: s.seeds,
      testAccuracy: { mean: s.testAccuracy.mean, std: s.testAccuracy.std },
      trainLoss: s.trainLoss,
      testLoss: s.testLoss,
      secondsPerEpoch: s.secondsPerEpoch,
      deadFraction: s.deadFraction,
      deadFractionPerLayer: s.deadFractionPerLayer,
      gradNormInit: s.gradNormInit,
      gradNormFinal: s.gradNormFinal,
      accuracyCurve: s.accuracyCurve,
    })),
    missing: summary.missing,
  };
}

export function register(program: Command): void {
  const cmd = program
    .command('compare')
    .summary('train one network per activation × seed in parallel and write a report (the main job)')
    .description(
      'Trains the same network (--model mlp or cnn) once per activation × seed in worker threads and writes DIR/report.md (mean ± std of test ' +
        'accuracy and final loss, time per epoch, dead units, gradient norm per layer), DIR/results.jsonl (one line per ' +
        'finished run; rerunning skips finished runs) and PNG+SVG charts (accuracy curves, box plot across seeds, ' +
        'gradient norms). With no options it runs the default experiment: 9 activations × 3 seeds on MNIST, ' +
        'a few minutes on 2 cores.',
    )
    .addOption(
      new Option('--acts <ids>', 'activations to compare, comma-separated ids or aliases')
        .argParser(nameListArg)
        .default(COMPARE_DEFAULTS.acts, COMPARE_DEFAULTS.acts.join(',')),
    )
    .addOption(
      new Option('--seeds <n>', 'seeds per activation (seeds first-seed … first-seed+n−1)')
        .argParser(intArg(1, 1000))
        .default(COMPARE_DEFAULTS.seeds),
    )
    .addOption(new Option('--first-seed <n>', 'first seed').argParser(intArg(0)).default(0));
  addTrainOptions(cmd, COMPARE_DEFAULTS);
  cmd.addOption(workersOption('train in the main thread'));
  addOutputOptions(addShardOptions(cmd, 'runs'), {
    out: COMPARE_DEFAULTS.out,
    resumed: true,
    json: 'the summary',
    progress: 'bars on a terminal, a line per run otherwise',
  })
    .addOption(importOption())
    .action(async (o: CompareOptions) => {
      const shard = resolveShard(o.shard, o.shardCount);
      const config: CompareConfig = {
        ...trainConfigFrom(o, COMPARE_DEFAULTS),
        acts: activationIdList(o.acts),
        seeds: Array.from({ length: o.seeds }, (_, i) => o.firstSeed + i),
      };
      const out = ensureOutDir(o.out);
      // A missing dataset, bad sizes or a CNN on points fail here, before any worker starts.
      checkModelData(config, loadSplitForCli(config));
      let progress: Progress | undefined;
      const started = performance.now();
      const outcome = await runExperiment(config, {
        outDir: out,
        workers: o.workers,
        activationModules: activationModuleUrls(o.import),
        ...(shard ? { shard: { index: shard.index, count: shard.count } } : {}),
        events: {
          plan: ({ shardRuns, finished, toRun }) => {
            progress = planProgress({
              quiet: o.quiet ?? false,
              out,
              shard,
              total: shardRuns.length,
              finished,
              unit: 'runs',
              running: `training ${toRun.length} run(s) on ${runsOn(toRun.length, o.workers)}`,
            });
          },
          start: (run) => progress?.start(run.key, `${run.act} seed ${run.seed}`),
          progress: (run, p) => progress?.update(run.key, p),
          done: (run, r, n, total) =>
            progress?.finish(
              run.key,
              `[${n}/${total}] ${run.act} seed ${run.seed}: test accuracy ${r.final.testAccuracy.toFixed(4)}, ` +
                `loss ${r.final.trainLoss.toFixed(4)}, ${r.secondsPerEpoch.toFixed(1)} s/epoch`,
            ),
        },
      }).finally(() => progress?.stop());
      const seconds = (performance.now() - started) / 1000;
      if (o.json) {
        printRunJson(out, outcome, seconds, summaryJson(outcome.summary));
        return;
      }
      print(
        table(SUMMARY_HEAD, summaryRows(outcome.summary), [
          'right',
          'left',
          'right',
          'right',
          'right',
          'right',
          'right',
        ]),
      );
      print(
        `${bold('report')}: ${outcome.files[0]}  (${outcome.ran} run(s) trained, ${outcome.skipped} resumed, ${seconds.toFixed(0)} s)`,
      );
      if (outcome.summary.missing.length > 0) note(`missing runs: ${outcome.summary.missing.join(', ')}`);
    });
}
