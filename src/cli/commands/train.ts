/**
 * `actlab train`: trains one network (MLP or CNN) with one activation, prints progress, and writes
 * the model folder (model.json + model.safetensors, which `--from` and `io.loadModel` read back),
 * metrics.json, the loss curves and, for 2-D datasets, the decision boundary — the notes' XOR
 * figure: the identity activation can only draw a straight line, ReLU solves it. A checkpoint
 * after every epoch lets `--resume` continue a killed run exactly.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { decisionGrid, planeExtent } from '../../analysis/boundary.js';
import { isPlanar } from '../../experiments/data.js';
import { describeNetwork } from '../../experiments/report.js';
import { trainRun, type TrainRunOptions } from '../../experiments/train-run.js';
import { saveModel } from '../../io/node/model-file.js';
import { CheckpointError } from '../../io/checkpoint.js';
import { parseModelSpec } from '../../models/registry.js';
import { CNN_DEFAULTS } from '../../models/cnn.js';
import type { Sequential } from '../../nn/container.js';
import type { DatasetSplit } from '../../data/dataset.js';
import type { ScaledSplit } from '../../data/transforms.js';
import { decisionBoundary, lineChart, writeChart } from '../../plot/node/index.js';
import { activationId, resolveParams } from '../activations.js';
import { loadSplitForCli } from '../data-check.js';
import { UsageError } from '../errors.js';
import { loadModelDir } from '../model-dir.js';
import { ensureOutDir, intArg, paramArg, type ParamSetting } from '../options.js';
import { bold, print, printJson, table, writeJsonFile } from '../output.js';
import { createProgress } from '../progress.js';
import { addTrainOptions, checkModelData, trainConfigFrom, type TrainOptionValues } from '../train-options.js';
import { importOption } from '../imports.js';

interface TrainOptions extends TrainOptionValues {
  act: string;
  param?: ParamSetting[];
  seed: number;
  from?: string;
  checkpointEvery: number;
  resume?: boolean;
  out: string;
  json?: boolean;
  quiet?: boolean;
}

const DEFAULTS = {
  dataset: 'xor',
  hidden: [8, 8],
  epochs: 60,
  lr: 0.01,
  optimizer: 'adam' as const,
  batchSize: 32,
  init: 'default' as const,
};
const CHECKPOINT = 'checkpoint.safetensors';

/** Options that describe the network, which --from takes from the model folder instead. */
const NETWORK_OPTIONS = ['model', 'hidden', 'act', 'param', 'init'];

/**
 * The network of `--from DIR`, checked against the data.
 * @throws UsageError for a folder that is not a model, a model without a builder spec, or one that
 *   cannot take the dataset's samples or classes.
 */
function networkFrom(dir: string, split: DatasetSplit): NonNullable<TrainRunOptions['initial']> {
  const { model, json } = loadModelDir(dir, '--from');
  if (!json.builder)
    throw new UsageError(
      `--from ${dir}: its model.json has no "builder" (how the network was built), which train needs to measure it; pass a folder written by actlab train`,
    );
  let spec;
  try {
    spec = parseModelSpec(json.builder, `${dir}/model.json builder`);
  } catch (err) {
    throw new UsageError(`--from ${dir}: ${(err as Error).message}`);
  }
  const { featureShape, numClasses, name } = split.train;
  if (spec.inputShape.join(',') !== featureShape.join(',') || spec.classes !== numClasses) {
    throw new UsageError(
      `--from ${dir}: the model takes samples of shape [${spec.inputShape.join(', ')}] in ${spec.classes} classes; ` +
        `${name} has [${featureShape.join(', ')}] in ${numClasses}`,
    );
  }
  return { model: model as unknown as Sequential, spec };
}

export function register(program: Command): void {
  const cmd = program
    .command('train')
    .summary('train one network with one activation; write metrics, loss curves and the decision boundary')
    .description(
      'Trains a network (--model mlp: Linear → activation → … → Linear; --model cnn: the small CNN, for images) on a dataset and writes ' +
        'OUT/model.json + OUT/model.safetensors (the model folder: architecture and weights, torch state-dict names; ' +
        '--from and io.loadModel read it back), OUT/metrics.json (per-epoch history and final metrics), OUT/loss.png ' +
        '(train/test loss and accuracy per epoch), OUT/checkpoint.safetensors (model, optimizer and random state after the ' +
        'last checkpointed epoch: --resume continues a killed run exactly) and, for the 2-D datasets, OUT/boundary.png ' +
        '(the decision regions with the test points). Each .png has an .svg beside it. ' +
        'Try: actlab train --dataset xor --act identity  vs  --act relu.',
    )
    .addOption(new Option('--act <id>', 'activation after every hidden layer (id or alias)').default('relu'))
    .addOption(
      new Option(
        '--param <name=value>',
        "activation parameter, repeatable (e.g. negativeSlope=0.2); default: the activation's defaults",
      ).argParser(paramArg),
    );
  addTrainOptions(cmd, DEFAULTS);
  cmd
    .addOption(new Option('--seed <n>', 'seed of the weights and of the batch order').argParser(intArg(0)).default(0))
    .addOption(
      new Option(
        '--from <dir>',
        'start from the trained model in DIR (model.json + model.safetensors, e.g. an earlier --out) instead of a fresh network; ' +
          'the network options (--model, --hidden, --act, --param, --init) come from it (default: a fresh network)',
      ),
    )
    .addOption(
      new Option('--checkpoint-every <n>', `write OUT/${CHECKPOINT} every n epochs (0: never)`)
        .argParser(intArg(0))
        .default(1),
    )
    .option(
      '--resume',
      `continue the run whose OUT/${CHECKPOINT} is there (same options), bit for bit (default: start afresh)`,
    )
    .addOption(new Option('--out <dir>', 'output folder (created)').default('actlab-train'))
    .option(
      '--json',
      'print the final metrics as JSON on stdout: {trainLoss, trainAccuracy, testLoss, testAccuracy, epochs, seconds, …} (default: a table)',
    )
    .option('--quiet', 'no progress on stderr (default: bars on a terminal, a line per run otherwise)')
    .addOption(importOption())
    .action(async (o: TrainOptions) => {
      if (o.from !== undefined) {
        const given = NETWORK_OPTIONS.filter((k) => cmd.getOptionValueSource(k) === 'cli');
        if (given.length > 0)
          throw new UsageError(
            `--from takes the network from ${o.from}; drop ${given.map((k) => `--${k}`).join(', ')}`,
          );
      }
      const config = trainConfigFrom(o, DEFAULTS);
      const out = ensureOutDir(o.out);
      const split = loadSplitForCli(config);
      const initial = o.from === undefined ? undefined : networkFrom(o.from, split);
      if (initial) {
        if (initial.spec.kind === 'cnn') config.model = 'cnn';
        config.hidden = [
          ...(initial.spec.kind === 'cnn' ? (initial.spec.hidden ?? CNN_DEFAULTS.hidden) : initial.spec.hidden),
        ];
        config.init = initial.spec.init ?? 'default';
      } else checkModelData(config, split);
      const act = initial ? initial.spec.activation.id : activationId(o.act);
      const params = initial ? { ...initial.spec.activation.params } : resolveParams(act, o.param ?? []);
      const checkpointPath = join(out, CHECKPOINT);
      if (o.resume && !existsSync(checkpointPath))
        throw new UsageError(
          `--resume: ${checkpointPath} does not exist; a run writes it with --checkpoint-every n (default 1)`,
        );
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
        run = trainRun(act, o.seed, config, {
          params,
          split,
          progress: (p) => progress.update('run', p),
          ...(initial ? { initial } : {}),
          ...(o.checkpointEvery > 0 ? { checkpoint: { path: checkpointPath, every: o.checkpointEvery } } : {}),
          ...(o.resume ? { resume: checkpointPath } : {}),
        });
      } catch (err) {
        if (err instanceof CheckpointError) throw new UsageError(`--resume: ${err.message}`);
        throw err;
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
      // The weights keep the state-dict keys of an nn.Sequential (0.weight, 0.bias, 2.weight…): torch
      // loads them into the same architecture; model.json says what that architecture is.
      const scaling = (split as Partial<ScaledSplit>).scaling;
      const saved = saveModel(out, model, {
        builder: run.spec,
        input: {
          shape: [...split.train.featureShape],
          dataset: config.dataset,
          ...(scaling ? { standardize: { shift: [...scaling.shift], scale: [...scaling.scale] } } : {}),
        },
        metadata: {
          network: describeNetwork(result),
          act,
          params,
          seed: o.seed,
          config: { ...config },
          testAccuracy: final.testAccuracy,
        },
      });
      files.unshift(saved.json, saved.weights, metricsPath);
      if (o.checkpointEvery > 0 && existsSync(checkpointPath)) files.push(checkpointPath);
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
