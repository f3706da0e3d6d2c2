/**
 * The multilayer perceptron every analysis and experiment trains (Linear → activation → … →
 * Linear, as an nn.Sequential so it prints and saves like torch's), built with a chosen init,
 * and the measurements taken on it: per-layer gradient norms and dead units.
 */
import type { Dataset } from '../data/dataset.js';
import { featureSize } from '../data/dataset.js';
import { DataLoader } from '../data/loader.js';
import { noGrad } from '../autograd/grad-mode.js';
import { Activation } from '../nn/activation.js';
import { Linear } from '../nn/linear.js';
import { Sequential, type Layer } from '../nn/container.js';
import { Flatten } from '../nn/shape.js';
import { calculateGain, normal_, zeros_, type Nonlinearity } from '../nn/init.js';
import { crossEntropy } from '../nn/functional/loss-classification.js';
import type { Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import type { ResolvedActivation } from '../activations/resolve.js';
import { measureProperties } from './properties.js';
import { release, tidy } from '../backend/scope.js';

/** 'default': torch's Linear init; 'kaiming' / 'xavier': normal draws with the activation's gain, zero biases. */
export type InitScheme = 'default' | 'kaiming' | 'xavier';

export interface MlpOptions {
  /** Shape of one sample (`[2]`, `[1, 28, 28]`…); more than one dim adds a Flatten first. */
  inputShape: readonly number[];
  hidden: readonly number[];
  classes: number;
  activation: ResolvedActivation;
  init?: InitScheme;
  /** Source of the initial weights (default: the generator `manualSeed` seeds). */
  generator?: Generator;
}

const TORCH_GAINS: readonly string[] = ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'selu'];

/**
 * The gain for Kaiming/Xavier init after this activation: torch's `calculate_gain` value where
 * torch has one (relu √2, tanh 5/3, leaky_relu with its slope, selu 3/4, sigmoid 1); otherwise the
 * variance-preserving gain $1/\sqrt{E[f(z)^2]}$, $z \sim N(0,1)$ — which gives √2 for ReLU too.
 */
export function activationGain(act: ResolvedActivation): number {
  if (TORCH_GAINS.includes(act.id)) {
    const slope = act.params.negativeSlope;
    return calculateGain(act.id as Nonlinearity, typeof slope === 'number' ? slope : undefined);
  }
  if (act.id === 'identity') return 1;
  const m2 = measureProperties(act, { span: 1, points: 101 }).gaussianSecondMoment;
  return m2 > 0 && Number.isFinite(m2) ? 1 / Math.sqrt(m2) : 1;
}

function initLinear(layer: Linear, scheme: InitScheme, gain: number, generator?: Generator): void {
  if (scheme === 'default') return;
  const [fanOut, fanIn] = layer.weight.shape as [number, number];
  // Same std as torch's kaiming_normal_(mode='fan_in') / xavier_normal_ with this gain.
  const std = scheme === 'kaiming' ? gain / Math.sqrt(fanIn) : gain * Math.sqrt(2 / (fanIn + fanOut));
  normal_(layer.weight, 0, std, generator ? { generator } : {});
  if (layer.bias) zeros_(layer.bias);
}

/**
 * Builds `[Flatten] → Linear → act → … → Linear(classes)`. The output layer has no activation
 * (logits for cross-entropy) and, under Kaiming/Xavier, gain 1.
 *
 * @example buildMlp({ inputShape: [2], hidden: [8, 8], classes: 2, activation: resolveActivation('relu') })
 */
export function buildMlp(o: MlpOptions): Sequential {
  const scheme = o.init ?? 'default';
  const gain = scheme === 'default' ? 1 : activationGain(o.activation);
  const layers: Layer[] = o.inputShape.length > 1 ? [new Flatten()] : [];
  let width = featureSize(o.inputShape);
  const opts = o.generator ? { generator: o.generator } : {};
  for (const h of o.hidden) {
    const lin = new Linear(width, h, opts);
    initLinear(lin, scheme, gain, o.generator);
    layers.push(lin, new Activation(o.activation.spec, o.activation.moduleOptions));
    width = h;
  }
  const out = new Linear(width, o.classes, opts);
  initLinear(out, scheme, 1, o.generator);
  layers.push(out);
  return new Sequential(...layers);
}

/** The Linear layers of a model, input layer first. */
export function linearLayers(model: Sequential): Linear[] {
  return [...model].filter((m): m is Linear => m instanceof Linear);
}

/** Runs `x` through the model and returns the output of every Linear layer followed by an activation (the pre-activations). */
export function preActivations(model: Sequential, x: Tensor): Tensor[] {
  const layers = [...model];
  const out: Tensor[] = [];
  let y = x;
  layers.forEach((layer, i) => {
    y = layer.forward(y);
    if (layer instanceof Linear && i < layers.length - 1) out.push(y);
  });
  return out;
}

/** L2 norm of a tensor's values, accumulated in float64. */
export function l2(t: Tensor): number {
  let s = 0;
  for (const v of t.data) s += v * v;
  return Math.sqrt(s);
}

/**
 * ‖∂loss/∂W‖ for each Linear layer's weight (input layer first), for cross-entropy on one batch.
 * Leaves the parameters' `.grad` cleared.
 */
export function layerGradNorms(model: Sequential, x: Tensor, y: Tensor): number[] {
  model.zeroGrad();
  crossEntropy(model.forward(x), y).backward();
  const norms = linearLayers(model).map((l) => (l.weight.grad ? l2(l.weight.grad) : 0));
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
 * sample of `data` — no gradient reaches their incoming weights, so they cannot recover. For
 * ReLU that is "never positive"; an ELU or GELU unit is never exactly dead; a sigmoid unit is
 * when it is saturated on every sample.
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
            const a = (alive[l] ??= new Uint8Array(units));
            const Z = z.data;
            for (let i = 0; i < Z.length; i++) {
              const j = i % units;
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
