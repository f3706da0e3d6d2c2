/**
 * Measurements on a network built by src/models (MLP or CNN): per-layer gradient norms and dead
 * units. A "layer" is a Linear or Conv2d; a "unit" is a feature of a Linear's output or a channel
 * of a convolution's (over every position), measured at the input of each activation layer.
 */
import type { Dataset } from '../data/dataset.js';
import { DataLoader } from '../data/loader.js';
import { noGrad } from '../autograd/grad-mode.js';
import { Conv2d } from '../nn/conv.js';
import { Linear } from '../nn/linear.js';
import type { Sequential } from '../nn/container.js';
import type { AnyModule } from '../nn/module.js';
import { crossEntropy } from '../nn/functional/loss-classification.js';
import { Activation } from '../nn/activation.js';
import type { Tensor } from '../tensor/tensor.js';
import type { ResolvedActivation } from '../activations/resolve.js';
import { release, tidy } from '../backend/scope.js';

/** The layers with a weight matrix or kernel (Linear, Conv2d), input side first. */
export function weightedLayers(model: AnyModule): (Linear | Conv2d)[] {
  return model
    .namedModules()
    .map(([, m]) => m)
    .filter((m): m is Linear | Conv2d => m instanceof Linear || m instanceof Conv2d);
}

/** Runs `x` through the model and returns the input of every activation layer (the pre-activations). */
export function preActivations(model: Sequential, x: Tensor): Tensor[] {
  const out: Tensor[] = [];
  let y = x;
  for (const layer of model) {
    if (layer instanceof Activation) out.push(y);
    y = layer.forward(y);
  }
  return out;
}

/** L2 norm of a tensor's values, accumulated in float64. */
export function l2(t: Tensor): number {
  let s = 0;
  for (const v of t.data) s += v * v;
  return Math.sqrt(s);
}

/**
 * ‖∂loss/∂W‖ for each weighted layer (input layer first), for cross-entropy on one batch.
 * Leaves the parameters' `.grad` cleared.
 */
export function layerGradNorms(model: Sequential, x: Tensor, y: Tensor): number[] {
  model.zeroGrad();
  crossEntropy(model.forward(x), y).backward();
  const norms = weightedLayers(model).map((l) => (l.weight.grad ? l2(l.weight.grad) : 0));
  model.zeroGrad();
  return norms;
}

/** Fraction of dead hidden units, per hidden layer and over all of them. */
export interface DeadUnits {
  perLayer: number[];
  overall: number;
}

/**
 * Dead units: hidden units whose activation has a zero derivative (|f′(z)| ≤ `eps`) on EVERY
 * sample of `data` (for a conv channel: at every position of every sample) — no gradient reaches
 * their incoming weights, so they cannot recover. For ReLU that is "never positive"; an ELU or
 * GELU unit is never exactly dead; a sigmoid unit is when it is saturated on every sample.
 */
export function deadUnits(
  model: Sequential,
  act: ResolvedActivation,
  data: Dataset,
  { batchSize = 1024, eps = 1e-8 } = {},
): DeadUnits {
  const modes = model.namedModules().map(([, m]) => [m, m.training] as const);
  model.eval();
  try {
    const alive: Uint8Array[] = [];
    noGrad(() => {
      for (const { x } of new DataLoader(data, { batchSize })) {
        // Each batch's tensors are freed when it is done (WASM storage is not GC-driven in a loop).
        tidy(() =>
          preActivations(model, x).forEach((z, l) => {
            const units = z.shape[1]!;
            const inner = z.shape.slice(2).reduce((p, d) => p * d, 1); // positions per channel
            const a = (alive[l] ??= new Uint8Array(units));
            const Z = z.data;
            for (let i = 0; i < Z.length; i++) {
              const j = Math.floor(i / inner) % units;
              if (a[j] === 0 && Math.abs(act.df(Z[i]!)) > eps) a[j] = 1;
            }
          }),
        );
        release(x);
      }
    });
    const perLayer = alive.map((a) => 1 - a.reduce((s, v) => s + v, 0) / a.length);
    const total = alive.reduce((s, a) => s + a.length, 0);
    const dead = alive.reduce((s, a) => s + a.length - a.reduce((t, v) => t + v, 0), 0);
    return { perLayer, overall: total === 0 ? 0 : dead / total };
  } finally {
    for (const [m, mode] of modes) m.training = mode;
  }
}
