/**
 * `actlab train`: trains one MLP with one activation, prints progress, and writes metrics.json,
 * the loss curves and, for 2-D datasets, the decision boundary — the notes' XOR figure: the
 * identity activation can only draw a straight line, ReLU solves it.
 */
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { decisionGrid, planeExtent } from '../../analysis/boundary.js';
import { isPlanar } from '../../experiments/data.js';
import { describeNetwork } from '../../experiments/report.js';
import { trainRun } from '../../experiments/train-run.js';
import { saveStateDict } from '../../io/state.js';
import { decisionBoundary, lineChart, writeChart } from '../../plot/index.js';
import { activationId, resolveParams } from '../activations.js';
import { loadSplitForCli } from '../data-check.js';
import { ensureOutDir, intArg, paramArg, type ParamSetting } from '../options.js';
import { bold, print, printJson, table, writeJsonFile } from '../output.js';
import { createProgress } from '../progress.js';
import { addTrainOptions, trainConfigFrom, type TrainOptionValues } from '../train-options.js';
import { importOption } from '../imports.js';

interface TrainOptions extends TrainOptionValues {
  act: string;
  param?: ParamSetting[];
  seed: number;
  out: string;
  json?: boolean;
  quiet?: boolean;
}

export function register(program: Command): void {
  const cmd = program
    .command('train')
    .summary('train one network with one activation; write metrics, loss curves and the decision boundary')
    .description(
      'Trains an MLP (Linear → activation → … → Linear) on a dataset and writes OUT/metrics.json (per-epoch history and ' +
        'final metrics), OUT/model.safetensors (the weights, torch state-dict names), OUT/loss.png (train/test loss and accuracy per epoch) and, for the 2-D datasets, ' +
        'OUT/boundary.png (the decision regions with the test points). Each .png has an .svg beside it. ' +
        'Try: actlab train --dataset xor --act identity  vs  --act relu.',
    )
    .addOption(new Option('--act <id>', 'activation after every hidden layer (id or alias)').default('relu'))
    .addOption(
      new Option(
        '--param <name=value>',
        "activation parameter, repeatable (e.g. negativeSlope=0.2); default: the activation's defaults",
      ).argParser(paramArg),
    );
  addTrainOptions(cmd, {
    dataset: 'xor',
    hidden: [8, 8],
    epochs: 60,
    lr: 0.01,
    optimizer: 'adam',
    batchSize: 32,
    init: 'default',
  });
  cmd
    .addOption(new Option('--seed <n>', 'seed of the weights and of the batch order').argParser(intArg(0)).default(0))
    .addOption(new Option('--out <dir>', 'output folder (created)').default('actlab-train'))
    .option(
      '--json',
      'print the final metrics as JSON on stdout: {trainLoss, trainAccuracy, testLoss, testAccuracy, epochs, seconds, …} (default: a table)',
    )
    .option('--quiet', 'no progress on stderr (default: bars on a terminal, a line per run otherwise)')
    .addOption(importOption())
    .action(async (o: TrainOptions) => {
      const config = trainConfigFrom(o);
      const act = activationId(o.act);
      const params = resolveParams(act, o.param ?? []);
      const out = ensureOutDir(o.out);
      const split = loadSplitForCli(config);
      const progress = createProgress({
        total: 1,
        quiet: o.quiet ?? false,
        epochLines: Math.max(1, Math.ceil(config.epochs / 10)),
      });
      const label = `${act} on ${config.dataset}`;
      progress.start('run', label);
      const started = performance.now();
      let run;
      try {
        run = trainRun(act, o.seed, config, { params, split, progress: (p) => progress.update('run', p) });
      } finally {
        progress.stop();
      }
      const seconds = (performance.now() - started) / 1000;
      const { result, model } = run;
      const final = result.final;
      const files: string[] = [];
      const epochs = result.history.map((h) => h.epoch);
      const loss = await writeChart(
        lineChart({
          title: `${act} on ${config.dataset}: loss and accuracy per epoch`,
          xLabel: 'epoch',
          yLabel: 'cross-entropy / accuracy',
          series: [
            { name: 'train loss', x: epochs, y: result.history.map((h) => h.trainLoss) },
            { name: 'test loss', x: epochs, y: result.history.map((h) => h.testLoss), dashed: true },
            { name: 'train accuracy', x: epochs, y: result.history.map((h) => h.trainAccuracy) },
            { name: 'test accuracy', x: epochs, y: result.history.map((h) => h.testAccuracy), dashed: true },
          ],
        }),
        join(out, 'loss.png'),
      );
      files.push(loss.pngPath, loss.svgPath);
      if (isPlanar(split)) {
        const g = decisionGrid(model, planeExtent(split.train), split.train.numClasses);
        const test = split.test;
        const svg = decisionBoundary({
          ...g,
          title: `${act} on ${config.dataset}: test accuracy ${(100 * final.testAccuracy).toFixed(1)}%`,
          xLabel: 'x₁ (standardized)',
          yLabel: 'x₂ (standardized)',
          points: {
            x: Array.from({ length: test.n }, (_, i) => test.x[2 * i]!),
            y: Array.from({ length: test.n }, (_, i) => test.x[2 * i + 1]!),
            label: test.y,
          },
          ...(test.classNames ? { classNames: test.classNames } : {}),
        });
        const b = await writeChart(svg, join(out, 'boundary.png'));
        files.push(b.pngPath, b.svgPath);
      }
      const metrics = {
        act,
        params,
        dataset: config.dataset,
        seed: o.seed,
        network: describeNetwork(result),
        config,
        trainLoss: final.trainLoss,
        trainAccuracy: final.trainAccuracy,
        testLoss: final.testLoss,
        testAccuracy: final.testAccuracy,
        epochs: result.history.length,
        seconds,
        deadFraction: result.deadFraction,
        gradNormInit: result.gradNormInit,
        gradNormFinal: result.gradNormFinal,
        history: result.history,
      };
      const metricsPath = join(out, 'metrics.json');
      writeJsonFile(metricsPath, metrics);
      // State-dict keys of an nn.Sequential (0.weight, 0.bias, 2.weight…): torch loads it into the same architecture.
      const modelPath = join(out, 'model.safetensors');
      saveStateDict(model, modelPath, {
        metadata: { format: 'pt', network: describeNetwork(result), act, dataset: config.dataset },
      });
      files.unshift(metricsPath, modelPath);
      if (o.json) {
        printJson({
          trainLoss: final.trainLoss,
          trainAccuracy: final.trainAccuracy,
          testLoss: final.testLoss,
          testAccuracy: final.testAccuracy,
          epochs: result.history.length,
          seconds,
          act,
          dataset: config.dataset,
          files,
        });
        return;
      }
      print(
        `${bold(label)}: ${describeNetwork(result)}, ${result.history.length} epochs, ${seconds.toFixed(1)} s`,
        table(
          ['', 'loss', 'accuracy'],
          [
            ['train', final.trainLoss.toFixed(4), final.trainAccuracy.toFixed(4)],
            ['test', final.testLoss.toFixed(4), final.testAccuracy.toFixed(4)],
          ],
          ['left', 'right', 'right'],
        ),
        `wrote ${files.filter((f) => !f.endsWith('.svg')).join(', ')}`,
      );
    });
}
