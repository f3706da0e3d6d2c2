/** Gradient utilities (torch.nn.utils): clipping by global norm or by value. */
import type { Tensor } from '../tensor/tensor.js';

/**
 * Scales all gradients together so their global p-norm is at most `maxNorm`
 * (clip_grad_norm_); returns the norm before clipping. Parameters without a gradient are skipped.
 */
export function clipGradNorm_(parameters: Iterable<Tensor>, maxNorm: number, normType = 2): number {
  const grads = [...parameters].map((p) => p.grad).filter((g): g is Tensor => g !== null);
  let total = 0;
  if (normType === Infinity) {
    for (const g of grads) for (const v of g.data) total = Math.max(total, Math.abs(v));
  } else {
    for (const g of grads) for (const v of g.data) total += Math.abs(v) ** normType;
    total = total ** (1 / normType);
  }
  // torch adds 1e-6 to the norm and only ever scales down.
  const coef = maxNorm / (total + 1e-6);
  if (coef < 1) for (const g of grads) for (let i = 0; i < g.data.length; i++) g.data[i] = g.data[i]! * coef;
  return total;
}

/** Clamps every gradient element to [−clipValue, clipValue] (clip_grad_value_). */
export function clipGradValue_(parameters: Iterable<Tensor>, clipValue: number): void {
  for (const p of parameters) {
    const g = p.grad;
    if (!g) continue;
    for (let i = 0; i < g.data.length; i++) g.data[i] = Math.min(clipValue, Math.max(-clipValue, g.data[i]!));
  }
}
