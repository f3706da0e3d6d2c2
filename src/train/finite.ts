/**
 * Finding where a NaN or ±Inf came from. A non-finite loss is reported with the FIRST non-finite
 * tensor along the forward pass: the input batch, then the parameters, then (for a Sequential
 * model, replayed layer by layer) the first layer whose output is non-finite, then the output.
 */
import type { Tensor } from '../tensor/tensor.js';
import { fmtShape } from '../tensor/shape.js';
import { noGrad } from '../autograd/grad-mode.js';
import type { Module } from '../nn/module.js';
import { Sequential } from '../nn/container.js';

/** Index of the first NaN/±Inf element, or −1. */
export function firstNonFinite(t: Tensor): number {
  const d = t.data;
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i]!)) return i;
  return -1;
}

/** "'fc1.weight' [256, 784] (element 17 is NaN)", or null when every element is finite. */
export function describeNonFinite(name: string, t: Tensor): string | null {
  const i = firstNonFinite(t);
  return i < 0 ? null : `${name} ${fmtShape(t.shape)} (element ${i} is ${t.data[i]})`;
}

/** Raised by fit when a loss or gradient stops being finite; `where` names the first bad tensor. */
export class NonFiniteError extends Error {
  /** The completed epochs' logs (set by fit). */
  history: unknown[] = [];
  constructor(
    message: string,
    readonly epoch: number,
    readonly step: number,
    readonly where: string,
  ) {
    super(message);
    this.name = 'NonFiniteError';
  }
}

/**
 * The first non-finite tensor on the way from input `x` to the output of `model` (then
 * `fallback`, e.g. a gradient, when every forward tensor is finite).
 */
export function traceNonFinite(
  model: Module<[Tensor], Tensor>,
  x: Tensor,
  output: Tensor,
  fallback = 'the loss itself (its inputs are finite)',
): string {
  const first =
    describeNonFinite('input batch', x) ??
    model
      .namedParameters()
      .map(([n, p]) => describeNonFinite(`parameter '${n}'`, p))
      .find((s) => s !== null) ??
    null;
  if (first) return first;
  if (model instanceof Sequential) {
    // Replay without recording: deterministic layers give the same values as the failed pass.
    const found = noGrad(() => {
      let y = x;
      let i = 0;
      for (const layer of model) {
        y = layer.forward(y);
        const bad = describeNonFinite(`output of layer ${i} (${layer.toString().split('\n')[0]})`, y);
        if (bad) return bad;
        i++;
      }
      return null;
    });
    if (found) return found;
  }
  return describeNonFinite('model output', output) ?? fallback;
}
