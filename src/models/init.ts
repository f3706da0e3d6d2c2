/**
 * Weight init of the builders' layers: the layer's own default (torch's Kaiming-uniform with
 * a = √5), or Kaiming / Xavier normal draws with the gain of the activation that follows.
 */
import type { Conv2d } from '../nn/conv.js';
import type { Linear } from '../nn/linear.js';
import { calculateGain, computeFans, normal_, zeros_, type Nonlinearity } from '../nn/init.js';
import type { Generator } from '../tensor/random.js';
import type { ResolvedActivation } from '../activations/resolve.js';
import { gaussianExpectation } from '../util/gaussian.js';

/** 'default': torch's Linear/Conv2d init; 'kaiming' / 'xavier': normal draws with the activation's gain, zero biases. */
export const initSchemes = ['default', 'kaiming', 'xavier'] as const;
export type InitScheme = (typeof initSchemes)[number];

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
  const m2 = gaussianExpectation((z) => act.f(z) ** 2);
  return m2 > 0 && Number.isFinite(m2) ? 1 / Math.sqrt(m2) : 1;
}

/**
 * Re-initialises a Linear or Conv2d layer under `scheme` (nothing for 'default'): the same std as
 * torch's kaiming_normal_(mode='fan_in') / xavier_normal_ with this gain, and a zero bias.
 */
export function initLayer(layer: Linear | Conv2d, scheme: InitScheme, gain: number, generator?: Generator): void {
  if (scheme === 'default') return;
  const { fanIn, fanOut } = computeFans(layer.weight);
  const std = scheme === 'kaiming' ? gain / Math.sqrt(fanIn) : gain * Math.sqrt(2 / (fanIn + fanOut));
  normal_(layer.weight, 0, std, generator ? { generator } : {});
  if (layer.bias) zeros_(layer.bias);
}
