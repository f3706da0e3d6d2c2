/**
 * `actlab gradflow`: per-layer gradient norms of deep MLPs at initialisation and after a few
 * steps, for several activations and depths — the vanishing/exploding gradient, as a plot and a table.
 */
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { gradientFlow, inputToOutputRatio, type GradFlowResult } from '../../analysis/gradflow.js';
import { canonicalDataset, datasetChoices, defaultSizes } from '../../experiments/data.js';
import { colorAt, lineChart, writeChart } from '../../plot/node/index.js';
import { activationIdList, resolveForCli } from '../activations.js';
import { loadSplitForCli } from '../data-check.js';
import { choose, ensureOutDir, intArg, intSetArg, nameListArg, numberArg } from '../options.js';
import { bold, num, print, printJson, table, writeJsonFile } from '../output.js';
import { createProgress } from '../progress.js';
import { importOption } from '../imports.js';

interface GradflowOptions {
  act: string[];
  depth: number[];
  width: number;
  init: string;
  steps: number;
  lr: number;
  optimizer: string;
  batchSize: number;
  dataset: string;
  trainSize?: number;
  dataSeed: number;
  dataDir?: string;
  seed: number;
  out: string;
  json?: boolean;
  quiet?: boolean;
}

const DEFAULT_ACTS = ['sigmoid', 'tanh', 'relu', 'gelu'];

export function register(program: Command): void {
  program
    .command('gradflow')
    .summary('per-layer gradient norms through depth, at init and after a few steps (vanishing gradients)')
    .description(
      'For each activation and depth, builds an MLP with DEPTH hidden layers of WIDTH units, measures ‖∂loss/∂W‖ of every ' +
        'Linear layer on a fixed batch at initialisation and again after STEPS training steps, and writes ' +
        'OUT/gradflow.png (norm per layer at the largest depth), OUT/gradflow-depth.png (input-layer / output-layer ' +
        'norm against depth) and OUT/gradflow.json. A ratio far below 1 is a vanishing gradient.',
    )
    .addOption(
      new Option('--act <ids>', 'activations, comma-separated')
        .argParser(nameListArg)
        .default(DEFAULT_ACTS, DEFAULT_ACTS.join(',')),
    )
    .addOption(
      new Option('--depth <set>', 'hidden-layer counts: a..b, a..b:step or a list')
        .argParser(intSetArg(500))
        .default([2, 10, 18, 26, 34, 42, 50], '2..50:8'),
    )
    .addOption(new Option('--width <n>', 'units per hidden layer').argParser(intArg(1, 4096)).default(32))
    .addOption(
      new Option(
        '--init <scheme>',
        "weight init: xavier, kaiming (with the activation's gain) or default (torch's Linear init)",
      ).default('xavier'),
    )
    .addOption(
      new Option('--steps <n>', 'training steps before the second measurement')
        .argParser(intArg(0, 100_000))
        .default(20),
    )
    .addOption(
      new Option('--lr <rate>', 'learning rate of those steps').argParser(numberArg(0, Infinity, true)).default(0.01),
    )
    .addOption(new Option('--optimizer <name>', 'optimizer of those steps: sgd, adam').default('sgd'))
    .addOption(
      new Option('--batch-size <n>', 'batch size of the steps and of the measurement batch')
        .argParser(intArg(1))
        .default(256),
    )
    .addOption(new Option('--dataset <name>', `dataset: ${datasetChoices.join(', ')}`).default('spiral'))
    .addOption(
      new Option('--train-size <n>', 'training samples (default per dataset, as in actlab train)').argParser(intArg(1)),
    )
    .addOption(new Option('--data-seed <n>', 'seed of the data').argParser(intArg(0)).default(0))
    .addOption(
      new Option(
        '--data-dir <dir>',
        'folder with the Fashion-MNIST IDX files (default /usr/share/datasets/fashion-mnist)',
      ),
    )
    .addOption(new Option('--seed <n>', 'seed of the weights and batch order').argParser(intArg(0)).default(0))
    .addOption(new Option('--out <dir>', 'output folder (created)').default('actlab-gradflow'))
    .option('--json', 'print the results as JSON on stdout (default: a table)')
    .option('--quiet', 'no progress on stderr (default: bars on a terminal, a line per run otherwise)')
    .addOption(importOption())
    .action(async (o: GradflowOptions) => {
      const acts = activationIdList(o.act).map((id) => resolveForCli(id));
      const init = choose('init', o.init, ['xavier', 'kaiming', 'default'] as const);
      const optimizer = choose('optimizer', o.optimizer, ['sgd', 'adam'] as const);
      const dataset = canonicalDataset(choose('dataset', o.dataset, datasetChoices));
      const sizes = defaultSizes(dataset);
      const out = ensureOutDir(o.out);
      const { train } = loadSplitForCli({
        dataset,
        trainSize: o.trainSize ?? sizes.trainSize,
        testSize: sizes.testSize,
        dataSeed: o.dataSeed,
        ...(o.dataDir !== undefined ? { dataDir: o.dataDir } : {}),
      });
      const total = acts.length * o.depth.length;
      const progress = createProgress({ total, quiet: o.quiet ?? false });
      const results: GradFlowResult[] = [];
      let n = 0;
      try {
        for (const act of acts) {
          for (const depth of o.depth) {
            const key = `${act.id}/${depth}`;
            progress.start(key, `${act.id} depth ${depth}`);
            const r = gradientFlow(act, train, {
              depth,
              width: o.width,
              init,
              steps: o.steps,
              lr: o.lr,
              optimizer,
              batchSize: o.batchSize,
              seed: o.seed,
            });
            results.push(r);
            progress.finish(
              key,
              `[${++n}/${total}] ${act.id} depth ${depth}: ‖∇W₁‖/‖∇W_out‖ = ${num(inputToOutputRatio(r.init), 3)} at init, ${num(inputToOutputRatio(r.trained), 3)} after ${o.steps} steps`,
            );
          }
        }
      } finally {
        progress.stop();
      }
      const deepest = Math.max(...o.depth);
      const files: string[] = [];
      const perLayer = await writeChart(
        lineChart({
          title: `Gradient norm per layer, ${deepest} hidden layers of ${o.width} (${init} init; dashed: after ${o.steps} steps)`,
          xLabel: 'layer (1 = input layer)',
          yLabel: '‖∂loss/∂W‖',
          logY: true,
          series: results
            .filter((r) => r.depth === deepest)
            .flatMap((r, i) => [
              { name: r.act, x: r.init.map((_, l) => l + 1), y: r.init, color: colorAt(i) },
              {
                name: `${r.act} (trained)`,
                x: r.trained.map((_, l) => l + 1),
                y: r.trained,
                dashed: true,
                color: colorAt(i),
              },
            ]),
        }),
        join(out, 'gradflow.png'),
      );
      files.push(perLayer.pngPath, perLayer.svgPath);
      const byDepth = await writeChart(
        lineChart({
          title: `‖∇W₁‖ / ‖∇W_out‖ against depth (${init} init; dashed: after ${o.steps} steps)`,
          xLabel: 'hidden layers',
          yLabel: '‖∇W₁‖ / ‖∇W_out‖',
          logY: true,
          series: acts.flatMap((a, i) => {
            const rs = results.filter((r) => r.act === a.id);
            return [
              {
                name: a.id,
                x: rs.map((r) => r.depth),
                y: rs.map((r) => inputToOutputRatio(r.init)),
                color: colorAt(i),
              },
              {
                name: `${a.id} (trained)`,
                x: rs.map((r) => r.depth),
                y: rs.map((r) => inputToOutputRatio(r.trained)),
                color: colorAt(i),
                dashed: true,
              },
            ];
          }),
        }),
        join(out, 'gradflow-depth.png'),
      );
      files.push(byDepth.pngPath, byDepth.svgPath);
      const json = { dataset, width: o.width, init, steps: o.steps, lr: o.lr, optimizer, seed: o.seed, results };
      const jsonPath = join(out, 'gradflow.json');
      writeJsonFile(jsonPath, json);
      files.unshift(jsonPath);
      if (o.json) {
        printJson({ ...json, files });
        return;
      }
      print(
        table(
          ['activation', 'depth', '‖∇W₁‖ init', '‖∇W_out‖ init', 'ratio init', `ratio after ${o.steps} steps`],
          results.map((r) => [
            r.act,
            r.depth,
            num(r.init[0]!, 3),
            num(r.init[r.init.length - 1]!, 3),
            num(inputToOutputRatio(r.init), 3),
            num(inputToOutputRatio(r.trained), 3),
          ]),
          ['left', 'right', 'right', 'right', 'right', 'right'],
        ),
        `${bold('ratio')} = ‖∂loss/∂W‖ of the input layer / of the output layer: ≪ 1 means the gradient vanishes on its way down.`,
        ...files.filter((f) => f.endsWith('.png')).map((f) => `wrote ${f}`),
      );
    });
}
