/**
 * Fits one coordinate network to one grey image, SIREN's protocol: pixel values mapped to
 * [−1, 1], coordinates a linspace(−1, 1) grid, full-batch Adam on the MSE (every pixel every
 * step). PSNR is measured on [0, 1]: prediction mapped back and clipped, data range 1.
 *
 * Reproducible: the weights come from `new Generator(seed)` alone.
 */
import { fieldDerivatives } from '../analysis/field-derivatives.js';
import { noGrad } from '../autograd/grad-mode.js';
import { stepScope, tidy } from '../backend/scope.js';
import { coordinateGrid } from '../data/image-transforms.js';
import { mseLoss } from '../nn/functional/index.js';
import { Adam } from '../optim/adam.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { buildNetwork, type FieldNetwork } from './siren-networks.js';

/** The PSNR convention, printed by the CLI and the report. */
export const PSNR_CONVENTION =
  'PSNR = 10·log10(1 / MSE) on [0, 1] pixel values, prediction mapped back from [−1, 1] and clipped to [0, 1] (data_range 1)';

/**
 * PSNR in dB of a prediction in the network's [−1, 1] units against the image in [0, 1]: the
 * prediction is mapped back to [0, 1] and clipped first. Infinity for a perfect fit.
 */
export function psnr(prediction: ArrayLike<number>, image: ArrayLike<number>): number {
  let se = 0;
  for (let i = 0; i < image.length; i++) {
    const p = Math.min(1, Math.max(0, (prediction[i]! + 1) / 2));
    const d = p - image[i]!;
    se += d * d;
  }
  return -10 * Math.log10(se / image.length);
}

export interface FitSettings {
  /** Hidden width and number of hidden layers, the same for every network. */
  hidden: number;
  layers: number;
  steps: number;
  lr: number;
  /** Record the PSNR this often (steps); the last step is always recorded. */
  logEvery: number;
}

export interface FitProgress {
  step: number;
  steps: number;
  loss: number;
  psnr: number;
}

export interface FitResult {
  /** PSNR (dB) before the update of each recorded step (step 0 = the initialisation), and after the last. */
  curve: { step: number; psnr: number; loss: number }[];
  finalPsnr: number;
  finalLoss: number;
  /** Training steps per second (wall time of the steps alone). */
  stepsPerSecond: number;
  seconds: number;
  /** The fitted image in [0, 1] (clipped), row-major `[side·side]`. */
  prediction: Float32Array;
  /** |∇u| and Δu of the fitted field in [0, 1] intensity units per unit of coordinate. */
  gradientNorm: Float32Array;
  laplacian: Float32Array;
}

/**
 * Fits `network` to a square grey image (`pixels` in [0, 1], row-major, `side × side`).
 * @param progress called about 100 times over the run, and after the last step.
 */
export function fitImage(
  network: FieldNetwork,
  pixels: Float32Array,
  side: number,
  settings: FitSettings,
  seed: number,
  progress?: (p: FitProgress) => void,
): FitResult {
  if (pixels.length !== side * side)
    throw new RangeError(`fitImage: ${pixels.length} pixels do not make a ${side}×${side} image`);
  const coords = coordinateGrid(side);
  const target = new Tensor(
    Float32Array.from(pixels, (v) => 2 * v - 1),
    [side * side, 1],
    'float32',
  );
  const model = buildNetwork(
    network,
    { in: 2, hidden: settings.hidden, layers: settings.layers, out: 1, side },
    new Generator(seed),
  );
  const optimizer = new Adam(model.parameters(), { lr: settings.lr });
  const scope = stepScope(model, optimizer, coords, target);
  const curve: FitResult['curve'] = [];
  const every = Math.max(1, Math.floor(settings.steps / 100));
  const started = performance.now();
  try {
    for (let step = 0; step < settings.steps; step++) {
      scope.run(() => {
        optimizer.zeroGrad();
        const out = model.forward(coords);
        const loss = mseLoss(out, target);
        const value = loss.item();
        if (step % settings.logEvery === 0) curve.push({ step, psnr: psnr(out.data, pixels), loss: value });
        loss.backward();
        optimizer.step();
        if (progress && (step % every === 0 || step === settings.steps - 1))
          progress({ step: step + 1, steps: settings.steps, loss: value, psnr: curve.at(-1)?.psnr ?? NaN });
      });
    }
  } finally {
    scope.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const final = noGrad(() =>
    tidy(() => {
      const out = model.forward(coords);
      return { loss: mseLoss(out, target).item(), data: Float32Array.from(out.data) };
    }),
  );
  const finalPsnr = psnr(final.data, pixels);
  curve.push({ step: settings.steps, psnr: finalPsnr, loss: final.loss });
  // The network fits 2v − 1: halve its derivatives to get them in [0, 1] intensity units.
  const d = fieldDerivatives(model, coords);
  const gradientNorm = new Float32Array(side * side);
  const laplacian = new Float32Array(side * side);
  for (let i = 0; i < side * side; i++) {
    gradientNorm[i] = Math.hypot(d.gradient.data[2 * i]!, d.gradient.data[2 * i + 1]!) / 2;
    laplacian[i] = d.laplacian.data[i]! / 2;
  }
  return {
    curve,
    finalPsnr,
    finalLoss: final.loss,
    stepsPerSecond: settings.steps / seconds,
    seconds,
    prediction: Float32Array.from(final.data, (v) => Math.min(1, Math.max(0, (v + 1) / 2))),
    gradientNorm,
    laplacian,
  };
}
