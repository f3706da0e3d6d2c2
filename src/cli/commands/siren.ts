/**
 * `actlab siren`: fits one image with coordinate networks — SIREN against ReLU, ReLU + positional
 * encoding, tanh, GELU… of the same width and depth — on the worker pool, and writes psnr.png,
 * reconstructions.png, derivatives.png, report.md and results.jsonl (resumable).
 */
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { ImageError } from '../../data/image.js';
import { readImageFile } from '../../data/node/image-file.js';
import { centerSquare, resizeArea } from '../../data/image-transforms.js';
import { PSNR_CONVENTION } from '../../experiments/siren-fit.js';
import { UnknownNetworkError, networkKey, parseNetwork, type FieldNetwork } from '../../experiments/siren-networks.js';
import { formatPsnr, summarizeSiren } from '../../experiments/siren-report.js';
import { runSiren, type SirenConfig } from '../../experiments/siren-runner.js';
import { UsageError } from '../errors.js';
import { ensureOutDir, intArg, nameListArg, numberArg, numberListArg } from '../options.js';
import { bold, print, printJson, table } from '../output.js';
import type { Progress } from '../progress.js';
import { workersOption, addOutputOptions, planProgress, runsOn } from '../experiment-options.js';

/** The default image: scikit-image's `camera` (CC0, Lav Varshney), 128×128 (assets/README.md). */
export const DEFAULT_IMAGE = fileURLToPath(new URL('../../../assets/camera-128.png', import.meta.url));

/**
 * Sized for the 2-core machine: 5 networks of 4×64 hidden units on a 64×64 image, 2000 full-batch
 * steps each, finish in about 2–4 minutes there (docs/siren.md has the measurements). The paper's
 * setting is --size 256 --hidden 256 --steps 10000.
 */
export const SIREN_DEFAULTS = {
  size: 64,
  acts: ['sine', 'relu', 'relu_pe', 'tanh', 'gelu'],
  steps: 2000,
  w0: [30],
  init: ['siren'] as ('siren' | 'default')[],
  hidden: 64,
  layers: 4,
  lr: 1e-4,
  seeds: 1,
  out: 'actlab-siren',
};

interface SirenOptions {
  image?: string;
  size: number;
  acts: string[];
  steps: number;
  w0: number[];
  init: ('siren' | 'default')[];
  hidden: number;
  layers: number;
  lr: number;
  seeds: number;
  firstSeed: number;
  workers: number;
  out: string;
  json?: boolean;
  quiet?: boolean;
}

function initListArg(text: string): ('siren' | 'default')[] {
  const items = nameListArg(text);
  for (const i of items)
    if (i !== 'siren' && i !== 'default') throw new InvalidArgumentError(`expected siren or default, got '${i}'`);
  return items as ('siren' | 'default')[];
}

/** The networks of `--acts`: every sine one once per ω₀ × init, duplicates removed. */
export function networksOf(names: readonly string[], w0s: readonly number[], inits: readonly ('siren' | 'default')[]) {
  const out = new Map<string, FieldNetwork>();
  for (const name of names) {
    for (const w0 of w0s) {
      for (const init of inits) {
        let n: FieldNetwork;
        try {
          n = parseNetwork(name, { w0, init });
        } catch (err) {
          if (err instanceof UnknownNetworkError) throw new UsageError(`--acts: ${err.message}`);
          throw err;
        }
        out.set(networkKey(n), n);
      }
    }
  }
  return [...out.values()];
}

/** The image to fit: grey, centre square, area-resized to `size`. */
export function loadImage(path: string, size: number): { pixels: Float32Array; original: readonly number[] } {
  let image;
  try {
    image = readImageFile(path, { channels: 1 });
  } catch (err) {
    if (err instanceof ImageError) throw new UsageError(`--image ${err.message}`);
    throw err;
  }
  const square = centerSquare(image);
  const side = square.shape[0]!;
  if (size > side) {
    throw new UsageError(
      `--size ${size}: larger than the image (${image.shape.join('×')}${image.shape[0] !== image.shape[1] ? `, cropped to ${side}×${side}` : ''}); ` +
        `choose --size ≤ ${side} or a larger --image`,
    );
  }
  return { pixels: resizeArea(square, size, size).data as Float32Array, original: image.shape };
}

export function register(program: Command): void {
  const cmd = program
    .command('siren')
    .summary('fit an image with SIREN vs ReLU, ReLU + positional encoding, tanh… and compare PSNR and derivatives')
    .description(
      'Fits one grey image with coordinate networks of the same width and depth — SIREN (sine layers, ω₀, its init) ' +
        'and MLPs with other activations, with or without a positional encoding (name_pe) — by full-batch Adam on all ' +
        'pixels, one worker per fit. Writes OUT/psnr.png (PSNR per step), OUT/reconstructions.png, OUT/derivatives.png ' +
        "(exact |∇| and Laplacian of each fit next to the image's own), OUT/report.md and OUT/results.jsonl (rerunning " +
        `resumes). ${PSNR_CONVENTION}. Default image: scikit-image's camera (CC0, Lav Varshney).`,
    )
    .addOption(
      new Option(
        '--image <path>',
        "PNG or JPEG to fit; colour is converted to grey, a centred square is used (default: scikit-image's camera, 128×128, CC0)",
      ),
    )
    .addOption(
      new Option('--size <n>', 'side of the fitted image in pixels (area downsampling)')
        .argParser(intArg(1, 4096))
        .default(SIREN_DEFAULTS.size),
    )
    .addOption(
      new Option(
        '--acts <names>',
        'networks: sine (SIREN), an activation id (an MLP), or id_pe (positional encoding first)',
      )
        .argParser(nameListArg)
        .default(SIREN_DEFAULTS.acts, SIREN_DEFAULTS.acts.join(',')),
    )
    .addOption(new Option('--steps <n>', 'full-batch Adam steps').argParser(intArg(1)).default(SIREN_DEFAULTS.steps))
    .addOption(
      new Option('--w0 <values>', 'SIREN ω₀, > 0; a list runs one SIREN per value (e.g. 1,10,30,100)')
        .argParser(numberListArg(0, true))
        .default(SIREN_DEFAULTS.w0, String(SIREN_DEFAULTS.w0[0])),
    )
    .addOption(
      new Option('--init <schemes>', "SIREN init: siren (the paper's), default (Linear's own; the ablation), or both")
        .argParser(initListArg)
        .default(SIREN_DEFAULTS.init, 'siren'),
    )
    .addOption(
      new Option('--hidden <n>', 'units per hidden layer, every network')
        .argParser(intArg(1, 4096))
        .default(SIREN_DEFAULTS.hidden),
    )
    .addOption(
      new Option('--layers <n>', 'hidden layers, every network')
        .argParser(intArg(1, 64))
        .default(SIREN_DEFAULTS.layers),
    )
    .addOption(
      new Option('--lr <rate>', 'Adam learning rate')
        .argParser(numberArg(0, Infinity, true))
        .default(SIREN_DEFAULTS.lr),
    )
    .addOption(new Option('--seeds <n>', 'seeds per network').argParser(intArg(1, 1000)).default(SIREN_DEFAULTS.seeds))
    .addOption(new Option('--first-seed <n>', 'first seed').argParser(intArg(0)).default(0))
    .addOption(workersOption());
  addOutputOptions(cmd, {
    out: SIREN_DEFAULTS.out,
    resumed: true,
    json: 'final PSNR per network',
    progress: 'a bar per fit on a terminal, a line per fit otherwise',
  }).action(async (o: SirenOptions) => {
    const networks = networksOf(o.acts, o.w0, o.init);
    const imagePath = o.image ?? DEFAULT_IMAGE;
    const { pixels } = loadImage(imagePath, o.size);
    const out = ensureOutDir(o.out);
    const config: SirenConfig = {
      imageSource: o.image ?? 'camera (scikit-image, CC0)',
      pixels,
      side: o.size,
      networks,
      seeds: Array.from({ length: o.seeds }, (_, i) => o.firstSeed + i),
      hidden: o.hidden,
      layers: o.layers,
      steps: o.steps,
      lr: o.lr,
      logEvery: Math.max(1, Math.round(o.steps / 200)),
    };
    let progress: Progress | undefined;
    const started = performance.now();
    const outcome = await runSiren(config, {
      outDir: out,
      workers: o.workers,
      events: {
        plan: ({ total, finished, toRun }) => {
          progress = planProgress({
            quiet: o.quiet ?? false,
            out,
            total,
            finished,
            unit: 'fits',
            running: `fitting ${o.size}×${o.size} pixels with ${toRun.length} network(s) on ${runsOn(toRun.length, o.workers)}`,
            format: ' {label} |{bar}| {percentage}% · step {value}/{total} · loss {loss} · PSNR {acc} dB',
          });
        },
        start: (t) => progress?.start(t.key, t.key),
        progress: (t, p) =>
          progress?.update(t.key, {
            epoch: 1,
            epochs: 1,
            step: p.step,
            steps: p.steps,
            loss: p.loss,
            testAccuracy: p.psnr,
          }),
        done: (t, r, n, total) =>
          progress?.finish(
            t.key,
            `[${n}/${total}] ${r.label} seed ${r.seed}: PSNR ${r.finalPsnr.toFixed(2)} dB after ${r.settings.steps} steps, ` +
              `${r.stepsPerSecond.toFixed(1)} steps/s`,
          ),
      },
    }).finally(() => progress?.stop());
    const seconds = (performance.now() - started) / 1000;
    const rows = summarizeSiren(outcome.results);
    if (o.json) {
      printJson({
        out,
        psnrConvention: PSNR_CONVENTION,
        image: config.imageSource,
        size: o.size,
        ran: outcome.ran,
        skipped: outcome.skipped,
        seconds,
        networks: rows.map((r) => ({
          network: r.networkKey,
          label: r.label,
          psnr: r.psnr,
          stepsPerSecond: r.stepsPerSecond,
          seeds: r.seeds,
        })),
        files: outcome.files,
      });
      return;
    }
    print(
      table(
        ['network', 'PSNR (dB)', 'steps/s', 's per fit'],
        rows.map((r) => [r.label, formatPsnr(r), r.stepsPerSecond.toFixed(1), r.seconds.toFixed(1)]),
        ['left', 'right', 'right', 'right'],
      ),
      `${bold('PSNR')}: ${PSNR_CONVENTION}.`,
      `${bold('report')}: ${outcome.files[0]}  (${outcome.ran} fit(s) run, ${outcome.skipped} resumed, ${seconds.toFixed(0)} s)`,
    );
  });
}
