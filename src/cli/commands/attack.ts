/**
 * `actlab attack --model DIR`: how robust is a trained model? Runs FGSM, PGD or APGD at each ε
 * on the test split the model did not train on (plus FGSM for the gradient-masking check),
 * prints robust accuracy against ε, and writes robust-curve.png and examples.png (clean digits,
 * the perturbations, the adversarial digits, with predictions and confidences).
 */
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import type { Layer } from '../../nn/container.js';
import { Tensor } from '../../tensor/tensor.js';
import { Generator } from '../../tensor/random.js';
import { noGrad } from '../../autograd/grad-mode.js';
import type { Dataset } from '../../data/dataset.js';
import { DatasetNotFoundError } from '../../data/errors.js';
import { getDataset, type AnyDatasetOptions } from '../../data/registry.js';
import { evaluate } from '../../adversarial/evaluate.js';
import { withInputNormalization } from '../../adversarial/normalize.js';
import { describeAttack, runAttack, type AttackSpec } from '../../adversarial/spec.js';
import { canonicalDataset, defaultSizes } from '../../experiments/data.js';
import { imageGrid, lineChart, writeChart, type GridImage } from '../../plot/node/index.js';
import { loadModelDir } from '../model-dir.js';
import { UsageError } from '../errors.js';
import { choose, ensureOutDir, intArg, numberArg, numberListArg } from '../options.js';
import { bold, note, print, printJson, table, writeJsonFile } from '../output.js';

const DEFAULT_EPS = { linf: [0.05, 0.1, 0.2, 0.3], l2: [0.5, 1, 2, 3] } as const;
const DEFAULT_STEPS = { fgsm: 1, pgd: 40, apgd: 100 } as const;
const IMAGE_DATASETS: readonly string[] = ['mnist', 'fashion-mnist'];

interface AttackOptions {
  model: string;
  attack: string;
  eps?: number[];
  norm: string;
  steps?: number;
  alpha?: number;
  restarts: number;
  loss: string;
  dataset?: string;
  testSize?: number;
  trainSize?: number;
  dataSeed?: number;
  dataDir?: string;
  examples: number;
  seed: number;
  batchSize: number;
  out: string;
  json?: boolean;
  quiet?: boolean;
}

/** The model of `dir`, taking pixels in [0, 1] (its standardisation, if it was trained with one, in front). */
function attackableModel(dir: string): { model: Layer; dataset?: string; config: Record<string, unknown> } {
  const { model, json } = loadModelDir(dir, '--model');
  const scaling = json.input?.standardize;
  const config = (json.metadata?.config ?? {}) as Record<string, unknown>;
  return {
    model: scaling ? withInputNormalization(model, scaling) : model,
    ...(json.input?.dataset ? { dataset: json.input.dataset } : {}),
    config,
  };
}

/** The test split the model did not train on: the sizes and seed of its training run unless overridden. */
function testSplit(o: AttackOptions, saved: { dataset?: string; config: Record<string, unknown> }): Dataset {
  const name = o.dataset ?? saved.dataset;
  if (!name)
    throw new UsageError('--dataset: the model folder does not say which dataset it was trained on; pass --dataset');
  const dataset = canonicalDataset(name);
  // ε is in pixel units: attacks take images in [0, 1]; the 2-D sets and iris are not images.
  if (!IMAGE_DATASETS.includes(dataset))
    throw new UsageError(
      `${o.dataset ? '--dataset' : '--model'} ${o.dataset ?? o.model}: attacks take images with pixels in [0, 1] ` +
        `(${IMAGE_DATASETS.join(', ')}); ${dataset} is not an image dataset`,
    );
  const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
  const sizes = defaultSizes(dataset);
  const options: AnyDatasetOptions = {
    trainSize: o.trainSize ?? num(saved.config.trainSize) ?? sizes.trainSize,
    testSize: o.testSize ?? num(saved.config.testSize) ?? sizes.testSize,
    seed: o.dataSeed ?? num(saved.config.dataSeed) ?? 0,
  };
  const dataDir = o.dataDir ?? (typeof saved.config.dataDir === 'string' ? saved.config.dataDir : undefined);
  if (dataDir !== undefined) options.dataDir = dataDir;
  try {
    return getDataset(dataset, options).test;
  } catch (err) {
    if (err instanceof DatasetNotFoundError || err instanceof RangeError)
      throw new UsageError(`dataset ${dataset}: ${err.message}`);
    throw err;
  }
}

/** Softmax probability and argmax of each row of logits. */
function predictions(model: Layer, x: Tensor): { pred: number[]; conf: number[] } {
  const z = noGrad(() => model.forward(x));
  const [n, c] = z.shape as [number, number];
  const pred: number[] = [];
  const conf: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = Array.from(z.data.subarray(i * c, i * c + c));
    const m = Math.max(...row);
    const e = row.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    const k = row.indexOf(m);
    pred.push(k);
    conf.push(e[k]! / s);
  }
  return { pred, conf };
}

/** examples.png: the first `k` test images the model gets right, their perturbation at ε, and the attacked images. */
function examplesGrid(model: Layer, test: Dataset, spec: AttackSpec, k: number, classNames?: string[]): string {
  const d = test.x.length / test.n;
  const shape = test.featureShape as [number, number, number];
  const all = new Tensor(test.x.slice(0, Math.min(test.n, 200) * d), [Math.min(test.n, 200), ...shape], 'float32');
  const { pred } = predictions(model, all);
  const rows = pred
    .map((p, i) => (p === test.y[i] ? i : -1))
    .filter((i) => i >= 0)
    .slice(0, k);
  const x = new Tensor(
    Float32Array.from(rows.flatMap((i) => Array.from(test.x.subarray(i * d, i * d + d)))),
    [rows.length, ...shape],
    'float32',
  );
  const y = new Tensor(
    Int32Array.from(rows, (i) => test.y[i]!),
    [rows.length],
    'int32',
  );
  const adv = runAttack(model, x, y, spec);
  const before = predictions(model, x);
  const after = predictions(model, adv);
  const name = (c: number): string => classNames?.[c] ?? String(c);
  const image = (data: ArrayLike<number>, extra: Partial<GridImage> = {}): GridImage => ({ data, shape, ...extra });
  const slice = (t: Tensor, j: number): Float32Array => t.data.subarray(j * d, j * d + d) as Float32Array;
  // Each perturbation divided by its largest |δ|, so that even a small L2 one is visible; the
  // caption gives its true size in the attack's norm.
  const l2 = 'norm' in spec && spec.norm === 'l2';
  const deltas = rows.map((_, j) => {
    const a = slice(adv, j);
    const c = slice(x, j);
    const delta = Array.from(a, (v, t) => v - c[t]!);
    const max = delta.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    const size = l2 ? Math.sqrt(delta.reduce((s, v) => s + v * v, 0)) : max;
    return {
      values: delta.map((v) => v / Math.max(max, 1e-12)),
      caption: `${l2 ? '‖δ‖₂' : '‖δ‖∞'} ${size.toFixed(2)}`,
    };
  });
  return imageGrid({
    title: `${describeAttack(spec)}: first ${rows.length} correctly classified test images`,
    rows: [
      {
        label: 'clean',
        images: rows.map((i, j) =>
          image(slice(x, j), {
            caption: [
              `label ${name(test.y[i]!)}`,
              `pred ${name(before.pred[j]!)} ${(100 * before.conf[j]!).toFixed(0)}%`,
            ],
          }),
        ),
      },
      {
        label: 'perturbation (scaled)',
        images: deltas.map((v) => image(v.values, { scale: 'diverging', caption: [v.caption, 'blue −, red +'] })),
      },
      {
        label: 'adversarial',
        images: rows.map((i, j) => {
          const wrong = after.pred[j] !== test.y[i];
          return image(slice(adv, j), {
            caption: [
              `pred ${name(after.pred[j]!)} ${(100 * after.conf[j]!).toFixed(0)}%`,
              wrong ? 'fooled' : 'still right',
            ],
            captionColor: wrong ? '#b2182b' : '#1a7f37',
          });
        }),
      },
    ],
  });
}

export function register(program: Command): void {
  program
    .command('attack')
    .summary('attack a trained model (FGSM, PGD, APGD): robust accuracy against ε, and example images')
    .description(
      'Loads the model folder written by actlab train (model.json + model.safetensors), attacks its test split (the one it ' +
        'did not train on) at each ε, and reports robust accuracy against ε, with FGSM as a gradient-masking check. ' +
        'Writes OUT/robust-curve.png, OUT/examples.png (clean images, perturbations, adversarial images with the ' +
        'predictions) and OUT/attack.json. Inputs are pixels in [0, 1]: a model trained on standardized inputs is ' +
        'attacked through its standardisation, so ε is in pixel units.',
    )
    .requiredOption('--model <dir>', 'model folder (required): from actlab train --out or actlab robust --save-models')
    .addOption(new Option('--attack <name>', 'fgsm, pgd or apgd').default('pgd'))
    .addOption(
      new Option('--eps <list>', 'radii, comma-separated (default L∞ 0.05,0.1,0.2,0.3; L2 0.5,1,2,3)').argParser(
        numberListArg(0, true),
      ),
    )
    .addOption(new Option('--norm <name>', 'linf or l2 (FGSM is L∞)').default('linf'))
    .addOption(new Option('--steps <n>', 'iterations (default PGD 40, APGD 100)').argParser(intArg(1, 100_000)))
    .addOption(new Option('--alpha <a>', 'PGD step size (default 2.5ε/steps)').argParser(numberArg(0, Infinity, true)))
    .addOption(new Option('--restarts <n>', 'random restarts (PGD, APGD)').argParser(intArg(1, 1000)).default(1))
    .addOption(new Option('--loss <name>', 'loss to maximise: ce, cw (PGD), dlr (PGD, APGD)').default('ce'))
    .addOption(new Option('--dataset <name>', "dataset (default: the model's)"))
    .addOption(new Option('--test-size <n>', "test images (default: the model's training run's)").argParser(intArg(1)))
    .addOption(
      new Option(
        '--train-size <n>',
        "training size of the split (default: the model's), so the test split is the held-out one",
      ).argParser(intArg(0)),
    )
    .addOption(new Option('--data-seed <n>', "seed of the split (default: the model's)").argParser(intArg(0)))
    .addOption(
      new Option(
        '--data-dir <dir>',
        "folder with the Fashion-MNIST IDX files (default: the model's, else /usr/share/datasets/fashion-mnist)",
      ),
    )
    .addOption(new Option('--examples <n>', 'images in examples.png (0: none)').argParser(intArg(0, 32)).default(8))
    .addOption(new Option('--seed <n>', 'seed of the random starts').argParser(intArg(0)).default(0))
    .addOption(new Option('--batch-size <n>', 'images per attack batch').argParser(intArg(1)).default(256))
    .addOption(new Option('--out <dir>', 'output folder').default('actlab-attack'))
    .option('--json', 'print the results as JSON on stdout (default: a table)')
    .option('--quiet', 'no progress on stderr (default: progress every 10%)')
    .action(async (o: AttackOptions) => {
      const attack = choose('attack', o.attack, ['fgsm', 'pgd', 'apgd'] as const);
      const norm = choose('norm', o.norm, ['linf', 'l2'] as const);
      if (attack === 'fgsm' && norm !== 'linf')
        throw new UsageError('--norm l2: FGSM is an L∞ attack; use --attack pgd or apgd');
      const loss = choose(
        'loss',
        o.loss,
        attack === 'apgd' ? (['ce', 'dlr'] as const) : (['ce', 'cw', 'dlr'] as const),
      );
      const out = ensureOutDir(o.out);
      const saved = attackableModel(o.model);
      const test = testSplit(o, saved);
      const eps = o.eps ?? [...DEFAULT_EPS[norm]];
      const steps = o.steps ?? DEFAULT_STEPS[attack];
      const spec = (e: number): AttackSpec =>
        attack === 'fgsm'
          ? { attack, eps: e, loss: loss as 'ce' }
          : attack === 'pgd'
            ? {
                attack,
                eps: e,
                norm,
                steps,
                restarts: o.restarts,
                loss,
                generator: new Generator(o.seed),
                ...(o.alpha ? { alpha: o.alpha } : {}),
              }
            : {
                attack,
                eps: e,
                norm,
                steps,
                restarts: o.restarts,
                loss: loss as 'ce',
                generator: new Generator(o.seed),
              };
      const specs = eps.map(spec);
      // FGSM beside an iterative L∞ attack: the masking check compares them.
      const checks: AttackSpec[] =
        attack !== 'fgsm' && norm === 'linf' ? eps.map((e) => ({ attack: 'fgsm', eps: e })) : [];
      const started = performance.now();
      let last = -1;
      const r = evaluate(saved.model, test, [...specs, ...checks], {
        batchSize: o.batchSize,
        onProgress: (p) => {
          const pct = Math.floor((100 * p.done) / p.total);
          if (!o.quiet && pct >= last + 10) {
            last = pct - (pct % 10);
            process.stderr.write(`attack: ${last}% (${p.attack})\n`);
          }
        },
      });
      const seconds = (performance.now() - started) / 1000;
      const curve = [
        { eps: 0, robustAccuracy: r.cleanAccuracy },
        ...specs.map((s, i) => ({ eps: s.eps, robustAccuracy: r.attacks[i]!.robustAccuracy })),
      ];
      const files: string[] = [];
      const chart = await writeChart(
        lineChart({
          title: `${attack.toUpperCase()} (${norm === 'linf' ? 'L∞' : 'L2'}) robust accuracy against ε, ${test.n} ${test.name} test images`,
          xLabel: `ε (${norm === 'linf' ? 'L∞' : 'L2'}, pixels in [0, 1]); ε = 0 is clean accuracy`,
          yLabel: 'accuracy',
          yDomain: [-0.02, 1.02],
          xDomain: [-0.01 * Math.max(...eps), 1.03 * Math.max(...eps)],
          series: [
            {
              name: describeAttack(specs[0]!).replace(/ ε=.*/, ''),
              x: curve.map((c) => c.eps),
              y: curve.map((c) => c.robustAccuracy),
              markers: true,
            },
            // FGSM above the iterative attack everywhere is the healthy picture; below it, masking.
            ...(checks.length
              ? [
                  {
                    name: 'FGSM (masking check)',
                    x: [0, ...eps],
                    y: [r.cleanAccuracy, ...checks.map((_, i) => r.attacks[specs.length + i]!.robustAccuracy)],
                    markers: true,
                    dashed: true,
                  },
                ]
              : []),
          ],
        }),
        join(out, 'robust-curve.png'),
      );
      files.push(chart.pngPath, chart.svgPath);
      if (o.examples > 0) {
        const grid = await writeChart(
          examplesGrid(saved.model, test, specs[specs.length - 1]!, o.examples, test.classNames),
          join(out, 'examples.png'),
        );
        files.push(grid.pngPath, grid.svgPath);
      }
      const result = {
        model: o.model,
        dataset: test.name,
        n: r.n,
        cleanAccuracy: r.cleanAccuracy,
        attacks: r.attacks.map((a) => ({
          name: a.name,
          eps: a.spec?.eps,
          robustAccuracy: a.robustAccuracy,
          seconds: a.seconds,
        })),
        warnings: r.warnings,
        seconds,
      };
      const jsonPath = join(out, 'attack.json');
      writeJsonFile(jsonPath, result);
      files.unshift(jsonPath);
      if (o.json) {
        printJson({ ...result, files });
        return;
      }
      print(
        table(
          ['ε', 'attack', 'robust accuracy', 'FGSM (check)', 's'],
          [
            ['0', 'clean', r.cleanAccuracy.toFixed(4), '', ''],
            ...specs.map((s, i) => [
              String(s.eps),
              r.attacks[i]!.name,
              r.attacks[i]!.robustAccuracy.toFixed(4),
              checks.length ? r.attacks[specs.length + i]!.robustAccuracy.toFixed(4) : '',
              r.attacks[i]!.seconds.toFixed(1),
            ]),
          ],
          ['right', 'left', 'right', 'right', 'right'],
        ),
      );
      for (const w of r.warnings) note(`gradient masking? ${w}`);
      print(
        `${bold('files')}: ${files.filter((f) => !f.endsWith('.svg')).join(', ')}  (${r.n} test images, ${seconds.toFixed(0)} s)`,
      );
    });
}
