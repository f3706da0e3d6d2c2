/**
 * The options every training command shares (train, compare, dead): which data, which network,
 * how to train. One definition, so `--help` reads the same everywhere.
 */
import { Option, type Command } from 'commander';
import {
  initNames,
  modelNames,
  optimizerNames,
  type InitName,
  type OptimizerName,
  type TrainConfig,
} from '../experiments/config.js';
import { CNN_DEFAULTS } from '../models/cnn.js';
import type { DatasetSplit } from '../data/dataset.js';
import { modelSpecOf } from '../experiments/train-run.js';
import { UsageError } from './errors.js';
import { canonicalDataset, datasetChoices, defaultSizes } from '../experiments/data.js';
import { choose, hiddenArg, intArg, numberArg } from './options.js';

/** Defaults of one command's training options. */
export interface TrainDefaults {
  dataset: string;
  hidden: number[];
  epochs: number;
  lr: number;
  optimizer: OptimizerName;
  batchSize: number;
  init: InitName;
}

/** Parsed values of the shared options. */
export interface TrainOptionValues {
  model?: string;
  dataset: string;
  trainSize?: number;
  testSize?: number;
  dataDir?: string;
  dataSeed: number;
  /** Unset: the command's default for the MLP, the CNN's own for --model cnn. */
  hidden?: number[];
  epochs: number;
  lr: number;
  optimizer: string;
  batchSize: number;
  init: string;
}

const SIZE_NOTE = 'mnist 8000/2000, fashion-mnist 10000/2000, iris 120/30, 2-D sets 800/200';

/** Adds --model, --dataset, --train-size, --test-size, --data-dir, --data-seed, --hidden, --epochs, --lr, --optimizer, --batch-size, --init. */
export function addTrainOptions(cmd: Command, d: TrainDefaults, skip: readonly string[] = [], cap?: SizeCap): Command {
  const add = (name: string, o: Option): void => void (skip.includes(name) ? undefined : cmd.addOption(o));
  const capNote = cap ? `, at most ${cap.trainSize}/${cap.testSize} here` : '';
  const withModel = !skip.includes('model');
  add(
    'model',
    new Option(
      '--model <name>',
      `network: ${modelNames.join(', ')} (mlp: Linear → activation per hidden width; cnn: conv3×3(${CNN_DEFAULTS.channels[0]})-act-pool-conv3×3(${CNN_DEFAULTS.channels[1]})-act-pool, then the dense layers; images only)`,
    ).default('mlp'),
  );
  add('dataset', new Option('--dataset <name>', `dataset: ${datasetChoices.join(', ')}`).default(d.dataset));
  add(
    'trainSize',
    new Option('--train-size <n>', `training samples (default per dataset: ${SIZE_NOTE}${capNote})`).argParser(
      intArg(1),
    ),
  );
  add(
    'testSize',
    new Option('--test-size <n>', 'test samples (default per dataset, see --train-size)').argParser(intArg(1)),
  );
  add(
    'dataDir',
    new Option(
      '--data-dir <dir>',
      'folder with the Fashion-MNIST IDX files (default /usr/share/datasets/fashion-mnist)',
    ),
  );
  add(
    'dataSeed',
    new Option('--data-seed <n>', 'seed of the data split and of generated 2-D sets (the same for every run)')
      .argParser(intArg(0))
      .default(0),
  );
  add(
    'hidden',
    new Option(
      '--hidden <sizes>',
      `hidden layer sizes, comma-separated ("none" for a linear model)${withModel ? '; with --model cnn, the dense layers after the conv blocks' : ''} ` +
        `(default: ${d.hidden.join(',')}${withModel ? `; ${CNN_DEFAULTS.hidden.join(',')} for the cnn` : ''})`,
    ).argParser(hiddenArg),
  );
  add(
    'epochs',
    new Option('--epochs <n>', 'passes over the training set').argParser(intArg(1, 100_000)).default(d.epochs),
  );
  add('lr', new Option('--lr <rate>', 'learning rate').argParser(numberArg(0, Infinity, true)).default(d.lr));
  add(
    'optimizer',
    new Option(
      '--optimizer <name>',
      `optimizer: ${optimizerNames.join(', ')} (torch defaults; sgd without momentum)`,
    ).default(d.optimizer),
  );
  add('batchSize', new Option('--batch-size <n>', 'samples per mini-batch').argParser(intArg(1)).default(d.batchSize));
  add(
    'init',
    new Option(
      '--init <scheme>',
      `weight init: ${initNames.join(', ')} (default = torch's Linear init; kaiming/xavier use the activation's gain)`,
    ).default(d.init),
  );
  return cmd;
}

/** Smaller default sizes for a command that trains many networks per run (dead). */
export interface SizeCap {
  trainSize: number;
  testSize: number;
}

/**
 * Checks the names and fills per-dataset sizes (capped by `cap`) and the default hidden sizes of
 * the network (`d.hidden` for the MLP, the CNN's own): a complete {@link TrainConfig}.
 */
export function trainConfigFrom(o: TrainOptionValues, d: Pick<TrainDefaults, 'hidden'>, cap?: SizeCap): TrainConfig {
  const model = choose('model', o.model ?? 'mlp', modelNames);
  const dataset = canonicalDataset(choose('dataset', o.dataset, datasetChoices));
  const full = defaultSizes(dataset);
  const sizes = cap
    ? { trainSize: Math.min(full.trainSize, cap.trainSize), testSize: Math.min(full.testSize, cap.testSize) }
    : full;
  const config: TrainConfig = {
    dataset,
    trainSize: o.trainSize ?? sizes.trainSize,
    testSize: o.testSize ?? sizes.testSize,
    dataSeed: o.dataSeed,
    hidden: o.hidden ?? (model === 'cnn' ? [...CNN_DEFAULTS.hidden] : [...d.hidden]),
    epochs: o.epochs,
    lr: o.lr,
    optimizer: choose('optimizer', o.optimizer, optimizerNames),
    batchSize: o.batchSize,
    init: choose('init', o.init, initNames),
  };
  if (o.dataDir !== undefined) config.dataDir = o.dataDir;
  if (model !== 'mlp') config.model = model;
  return config;
}

/**
 * Checks that the network of `config` can take the data (the CNN needs images), as a usage error
 * naming the option, before any training starts.
 */
export function checkModelData(config: TrainConfig, split: DatasetSplit): void {
  try {
    modelSpecOf(config, split.train, 'relu');
  } catch (err) {
    throw new UsageError(`--model ${config.model ?? 'mlp'}: ${(err as Error).message}`);
  }
}
