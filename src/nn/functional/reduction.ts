/** The `reduction` option every loss shares, and the shape checks losses make before any math. */
import type { Tensor } from '../../tensor/tensor.js';
import { broadcastShapes, fmtShape, sameShape } from '../../tensor/shape.js';
import { mean, sum } from '../../ops/index.js';

export type Reduction = 'mean' | 'sum' | 'none';

/** Options every loss accepts. */
export interface LossOptions {
  /** 'mean' (default) averages over elements, 'sum' adds them, 'none' keeps the per-element losses. */
  reduction?: Reduction;
}

export function checkReduction(
  value: unknown,
  op: string,
  allowed: readonly string[] = ['mean', 'sum', 'none'],
): string {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw new RangeError(
      `${op}: reduction must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** Applies 'mean' | 'sum' | 'none' to per-element losses. */
export function reduce(loss: Tensor, reduction: Reduction | undefined, op: string): Tensor {
  switch (checkReduction(reduction ?? 'mean', op)) {
    case 'none':
      return loss;
    case 'sum':
      return sum(loss);
    default:
      return mean(loss);
  }
}

/** input and target must broadcast (torch broadcasts regression targets, with a warning when sizes differ). */
export function checkBroadcast(a: Tensor, b: Tensor, op: string, names = ['input', 'target']): void {
  try {
    broadcastShapes(a.shape, b.shape, op);
  } catch {
    throw new RangeError(
      `${op}: ${names[0]} of shape ${fmtShape(a.shape)} and ${names[1]} of shape ${fmtShape(b.shape)} do not match (nor broadcast)`,
    );
  }
}

export function checkSameShape(a: Tensor, b: Tensor, op: string, names = ['input', 'target']): void {
  if (!sameShape(a.shape, b.shape)) {
    throw new RangeError(
      `${op}: ${names[1]} of shape ${fmtShape(b.shape)} must have the same shape as ${names[0]} ${fmtShape(a.shape)}`,
    );
  }
}
