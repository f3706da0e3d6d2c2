/**
 * `actlab dead`: the fraction of dead hidden units (zero gradient on every training sample)
 * over training, per activation × learning rate — dying ReLUs at high learning rates.
 * `--shard i/n` (or `auto`, from a job array) trains a slice of the networks; `actlab merge`
 * joins the folders.
 */
import { Option, type Command } from 'commander';
import type { DeadRunResult } from '../../analysis/dead.js';
import type { DeadTask } from '../../experiments/dead-task.js';
import { runTasks } from '../../experiments/pool.js';
import { fingerprint, shardRuns } from '../../experiments/config.js';
import { deadKey, writeDeadReport, type DeadDocument } from '../../experiments/dead-report.js';
import { activationIdList, resolveParams } from '../activations.js';
import { loadSplitForCli } from '../data-check.js';
import { UsageError } from '../errors.js';
import { ensureOutDir, intArg, nameListArg, numberListArg, paramArg, type ParamSetting } from '../options.js';
import { bold, print, printJson, table } from '../output.js';
import { addShardOptions, resolveShard, type Shard } from '../shard.js';
import { createProgress } from '../progress.js';
import { addTrainOptions, trainConfigFrom, type TrainOptionValues } from '../train-options.js';
import { activationModuleUrls, importOption } from '../imports.js';
import { workersOption, addOutputOptions } from '../experiment-options.js';

interface DeadOptions extends Omit<TrainOptionValues, 'lr'> {
  act: string[];
  lr: number[];
  param?: ParamSetting[];
  seed: number;
  workers: number;
  shard?: Shard | 'auto';
  shardCount?: number;
  out: string;
  json?: boolean;
  quiet?: boolean;
  import?: string[];
}

const DEFAULT_ACTS = ['relu', 'leaky_relu', 'elu'];
const DEFAULT_HIDDEN = [64, 64];
const DEFAULT_LRS = [0.001, 0.01, 0.1, 1];
/** 12 networks trained per run (3 activations × 4 rates): 2000 MNIST digits keep the default at about a minute on 2 cores. */
const SIZE_CAP = { trainSize: 2000, testSize: 500 };
const pct = (v: number): string => (Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : 'n/a');
/** What a run's final dead fraction reads as: a diverged run has none (its weights are NaN/±Inf). */
const finalDead = (r: DeadRunResult): string =>
  r.diverged ? `diverged (epoch ${r.divergedAtEpoch ?? '?'})` : pct(r.curve[r.curve.length - 1]!);

export function register(program: Command): void {
  const cmd = program
    .command('dead')
    .summary('fraction of dead units over training, per activation × learning rate (dying ReLU)')
    .description(
      'Trains one MLP per activation × learning rate (plain SGD by default) and measures after every epoch the fraction of ' +
        'hidden units that are dead: zero activation gradient on EVERY training sample, so they can never learn again. ' +
        'Writes OUT/dead.png (final dead fraction, grouped bars), OUT/dead-curves.png (dead fraction per epoch at the ' +
        'largest learning rate) and OUT/dead.json.',
    )
    .addOption(
      new Option('--act <ids>', 'activations, comma-separated')
        .argParser(nameListArg)
        .default(DEFAULT_ACTS, DEFAULT_ACTS.join(',')),
    )
    .addOption(
      new Option('--lr <rates>', 'learning rates, comma-separated')
        .argParser(numberListArg(0, true))
        .default(DEFAULT_LRS, DEFAULT_LRS.join(',')),
    )
    .addOption(
      new Option(
        '--param <name=value>',
        "activation parameter, repeatable; id.name=value for one activation (default: the activation's defaults)",
      ).argParser(paramArg),
    );
  addTrainOptions(
    cmd,
    { dataset: 'mnist', hidden: DEFAULT_HIDDEN, epochs: 5, lr: 0, optimizer: 'sgd', batchSize: 64, init: 'default' },
    ['lr', 'model'],
    SIZE_CAP,
  );
  cmd
    .addOption(new Option('--seed <n>', 'seed of the weights and batch order').argParser(intArg(0)).default(0))
    .addOption(workersOption());
  addShardOptions(cmd, 'networks (activation × learning rate)');
  addOutputOptions(cmd, {
    out: 'actlab-dead',
    resumed: false,
    json: 'the results',
    progress: 'bars on a terminal, a line per run otherwise',
  })
    .addOption(importOption())
    .action(async (o: DeadOptions) => {
      // --lr is a list here; the shared option parser gives the single-rate form to the others.
      const shard = resolveShard(o.shard, o.shardCount);
      const config = { ...trainConfigFrom({ ...o, lr: 1 }, { hidden: DEFAULT_HIDDEN }, SIZE_CAP), lr: NaN };
      if (config.optimizer !== 'sgd' && config.optimizer !== 'adam')
        throw new UsageError(`--optimizer ${config.optimizer}: dead supports sgd and adam`);
      const acts = activationIdList(o.act);
      const out = ensureOutDir(o.out);
      loadSplitForCli(config);
      const plan: DeadTask[] = acts.flatMap((act) =>
        o.lr.map((lr) => ({
          act,
          params: resolveParams(act, o.param ?? [], acts),
          lr,
          seed: o.seed,
          config: { ...config, lr },
        })),
      );
      const tasks = shard ? shardRuns(plan, shard.index, shard.count) : plan;
      const progress = createProgress({ total: tasks.length, quiet: o.quiet ?? false });
      if (shard)
        progress.log(
          `shard ${shard.index}/${shard.count} (${shard.source}): ${tasks.length} of ${plan.length} network(s)`,
        );
      const key = (t: DeadTask): string => deadKey(t.act, t.lr);
      let n = 0;
      let results: DeadRunResult[];
      try {
        results = await runTasks<
          DeadTask,
          DeadRunResult,
          { epoch: number; epochs: number; step: number; steps: number; loss: number }
        >(tasks, {
          workers: o.workers,
          activationModules: activationModuleUrls(o.import),
          module: new URL(
            import.meta.url.endsWith('.ts') ? '../../experiments/dead-task.ts' : '../../experiments/dead-task.js',
            import.meta.url,
          ),
          onStart: (i) => progress.start(key(tasks[i]!), `${tasks[i]!.act} lr ${tasks[i]!.lr}`),
          onProgress: (i, p) => progress.update(key(tasks[i]!), p),
          onResult: (i, r) =>
            progress.finish(
              key(tasks[i]!),
              `[${++n}/${tasks.length}] ${r.act} lr ${r.lr}: ${r.diverged ? finalDead(r) : `${finalDead(r)} dead`}` +
                `, test accuracy ${r.testAccuracy.toFixed(4)}`,
            ),
        });
      } finally {
        progress.stop();
      }
      const doc: DeadDocument = {
        dataset: config.dataset,
        hidden: config.hidden,
        epochs: config.epochs,
        optimizer: config.optimizer,
        seed: o.seed,
        fingerprint: fingerprint(config),
        plan: { acts, lrs: o.lr },
        shard: shard ? { index: shard.index, count: shard.count } : null,
        results,
      };
      const files = await writeDeadReport(out, doc);
      if (o.json) {
        printJson({ ...doc, files });
        return;
      }
      print(
        table(
          ['activation', 'lr', 'dead at init', 'dead after training', 'per layer', 'test accuracy'],
          results.map((r) => [
            r.act,
            r.lr,
            pct(r.curve[0]!),
            finalDead(r),
            r.diverged ? '—' : r.finalPerLayer.map(pct).join(', '),
            Number.isFinite(r.testAccuracy) ? r.testAccuracy.toFixed(4) : 'n/a',
          ]),
          ['left', 'right', 'right', 'right', 'right', 'right'],
        ),
        `${bold('dead')} = zero activation gradient on every training sample (|f′(z)| ≤ 1e-8): the unit's weights get no gradient.`,
        ...(results.some((r) => r.diverged)
          ? [
              `${bold('diverged')} = the training loss became NaN/Inf in that epoch and training stopped: the weights are ` +
                'not finite, so dead units are not counted (hatched bars in dead.png).',
            ]
          : []),
        ...files.filter((f) => f.endsWith('.png')).map((f) => `wrote ${f}`),
      );
    });
}
