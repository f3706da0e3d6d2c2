/**
 * Per-layer activation statistics of a network built by src/models: the mean and variance of
 * the output of every activation layer over a batch — all samples and all units (for a conv
 * layer, all positions too) pooled. Self-normalising networks (SELU, Klambauer et al. 2017) keep
 * both near (0, 1) through depth; other activations drift, explode or collapse.
 */
import { noGrad } from '../autograd/grad-mode.js';
import { Activation } from '../nn/activation.js';
import { tidy } from '../backend/scope.js';
import type { Sequential } from '../nn/container.js';
import type { Tensor } from '../tensor/tensor.js';

/** Mean and variance of each activation layer's output, input side first. */
export interface LayerStatistics {
  mean: number[];
  variance: number[];
}

/** Mean and (population) variance of a tensor's values, accumulated in float64 (two passes). */
export function meanVariance(values: ArrayLike<number>): { mean: number; variance: number } {
  const n = values.length;
  if (n === 0) return { mean: NaN, variance: NaN };
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i]!;
  const mean = s / n;
  let q = 0;
  for (let i = 0; i < n; i++) q += (values[i]! - mean) ** 2;
  return { mean, variance: q / n };
}

/**
 * Runs `x` through `model` in eval mode without gradients and returns the mean and variance of
 * the output of every activation layer (`nn.ReLU`, `nn.SELU`…), input side first.
 *
 * @example activationStatistics(model, x).variance.at(-1) // ≈ 1 for a LeCun-initialised SELU net
 */
export function activationStatistics(model: Sequential, x: Tensor): LayerStatistics {
  const modes = model.namedModules().map(([, m]) => [m, m.training] as const);
  model.eval();
  const out: LayerStatistics = { mean: [], variance: [] };
  try {
    noGrad(() =>
      tidy(() => {
        let y = x;
        for (const layer of model) {
          y = layer.forward(y);
          if (layer instanceof Activation) {
            const { mean, variance } = meanVariance(y.data);
            out.mean.push(mean);
            out.variance.push(variance);
          }
        }
      }),
    );
  } finally {
    for (const [m, mode] of modes) m.training = mode;
  }
  return out;
}
