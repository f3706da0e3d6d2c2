/**
 * Helpers shared by the MNIST / Fashion-MNIST examples (not an example itself): command-line
 * options, the training run with progress lines, and the closing `test accuracy:` line.
 */
import { parseArgs } from 'node:util';
import { data, getBackend, io, manualSeed, optim, train } from '../src/node.js';
import type { nn } from '../src/node.js';

type Sequential = InstanceType<typeof nn.Sequential>;
const { evaluate, fit, progressLogger } = train;

export interface RunDefaults {
  epochs: number;
  batchSize: number;
  lr: number;
  /** Also print the running loss every this many batches (slow runs). */
  logEvery?: number;
}

export interface RunOptions extends RunDefaults {
  seed: number;
  trainSize?: number;
  testSize?: number;
  dataDir?: string;
  save?: string;
}

/** `--epochs 10 --batch-size 64 --lr 1e-3 --seed 0 --train-size N --test-size N --data-dir DIR --save FILE`. */
export function options(defaults: RunDefaults): RunOptions {
  const { values } = parseArgs({
    options: {
      epochs: { type: 'string' },
      'batch-size': { type: 'string' },
      lr: { type: 'string' },
      seed: { type: 'string' },
      'train-size': { type: 'string' },
      'test-size': { type: 'string' },
      'data-dir': { type: 'string' },
      save: { type: 'string' },
    },
  });
  const num = (v: string | undefined, name: string): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new RangeError(`--${name} must be a number, got '${v}'`);
    return n;
  };
  return {
    logEvery: defaults.logEvery,
    epochs: num(values.epochs, 'epochs') ?? defaults.epochs,
    batchSize: num(values['batch-size'], 'batch-size') ?? defaults.batchSize,
    lr: num(values.lr, 'lr') ?? defaults.lr,
    seed: num(values.seed, 'seed') ?? 0,
    trainSize: num(values['train-size'], 'train-size'),
    testSize: num(values['test-size'], 'test-size'),
    dataDir: values['data-dir'],
    save: values.save,
  };
}

/**
 * Standardises the images with the training set's global mean and std (as torchvision's
 * Normalize((0.1307,), (0.3081,)) does for MNIST), trains with Adam and a cosine learning-rate
 * decay, prints one line per epoch, and ends with `test accuracy: 0.xxxx`.
 */
export function run(title: string, split: data.DatasetSplit, build: () => Sequential, o: RunOptions): void {
  const { train: trainSet, test } = data.standardize(split, { perFeature: false });
  console.log(
    `${title}: ${trainSet.n} training / ${test.n} test images, ${o.epochs} epochs, batch ${o.batchSize}, Adam lr ${o.lr}, seed ${o.seed}, backend ${getBackend('float32').name}`,
  );
  manualSeed(o.seed);
  const model = build();
  console.log(model.toString());
  console.log(`${model.parameters().reduce((n, p) => n + p.numel, 0)} parameters`);
  const optimizer = new optim.Adam(model.parameters(), { lr: o.lr });
  const start = performance.now();
  const { history } = fit(model, trainSet, {
    optimizer,
    epochs: o.epochs,
    batchSize: o.batchSize,
    seed: o.seed,
    scheduler: new optim.CosineAnnealingLR(optimizer, { tMax: o.epochs }),
    // The test set is only watched (no early stopping, no model selection).
    validation: test,
    callbacks: [progressLogger({ every: o.logEvery })],
  });
  const seconds = (performance.now() - start) / 1000;
  const trainSpeed = history.reduce((s, h) => s + h.samplesPerSecond, 0) / history.length;
  console.log(
    `trained in ${seconds.toFixed(1)} s (${(seconds / o.epochs).toFixed(1)} s/epoch incl. evaluation, ${Math.round(trainSpeed)} training samples/s)`,
  );
  if (o.save) {
    io.saveStateDict(model, o.save, { metadata: { format: 'pt', example: title } });
    console.log(`weights saved to ${o.save}`);
  }
  const { accuracy } = evaluate(model, test);
  console.log(`test accuracy: ${accuracy!.toFixed(4)}`);
}
