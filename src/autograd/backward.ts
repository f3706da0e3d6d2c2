/**
 * Reverse-mode sweep: order the tape topologically from the output, then hand each node the
 * summed gradient of everything that consumed it. Runs without recording (no double backward).
 *
 * autograd sits below ops and imports none: gradients are summed with `Tensor.add`, a method
 * ops attaches (src/ops/tensor-methods.ts) — and ops are loaded whenever a tape exists, since
 * only ops record one.
 */
import type { Tensor } from '../tensor/tensor.js';
import { onesLike } from '../tensor/create.js';
import { fmtShape, sameShape } from '../tensor/shape.js';
import { noGrad } from './grad-mode.js';
import { tidy } from '../backend/scope.js';

/** Tensors reachable from `root` through recorded ops, consumers before producers. */
function topoOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  // Iterative post-order DFS: deep networks would overflow a recursive one.
  const stack: [Tensor, number][] = [[root, 0]];
  seen.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const [t, i] = top;
    const inputs = t.gradFn?.inputs ?? [];
    if (i < inputs.length) {
      top[1] = i + 1;
      const next = inputs[i]!;
      if (next.requiresGrad && !seen.has(next)) {
        seen.add(next);
        stack.push([next, 0]);
      }
    } else {
      stack.pop();
      order.push(t);
    }
  }
  return order.reverse();
}

export function runBackward(root: Tensor, grad?: Tensor): void {
  if (!root.requiresGrad) {
    throw new Error(
      `backward: the tensor of shape ${fmtShape(root.shape)} does not require grad and has no gradFn ` +
        `(create its inputs with requiresGrad: true, and call backward outside noGrad)`,
    );
  }
  if (grad === undefined) {
    if (root.numel !== 1) {
      throw new RangeError(
        `backward: grad can be implicitly created only for scalar outputs; the output has shape ` +
          `${fmtShape(root.shape)}, so pass an upstream gradient of that shape`,
      );
    }
  } else if (!sameShape(grad.shape, root.shape)) {
    throw new RangeError(
      `backward: upstream gradient has shape ${fmtShape(grad.shape)}, expected the output's shape ${fmtShape(root.shape)}`,
    );
  }
  const order = topoOrder(root);
  // The summed and per-input gradients made here are temporaries: only those stored in `.grad`
  // outlive the sweep, so the rest are freed at its end (tidy: WASM storage is not GC-driven).
  noGrad(() => tidy(() => sweep(root, order, grad), order));
}

function sweep(root: Tensor, order: readonly Tensor[], grad: Tensor | undefined): void {
  const grads = new Map<Tensor, Tensor>();
  const seed = grad === undefined ? onesLike(root) : grad.dtype === root.dtype ? grad : grad.to(root.dtype);
  grads.set(root, seed);
  for (const t of order) {
    const g = grads.get(t);
    if (g === undefined) continue;
    if (t.isLeaf || t.retainsGrad) t.grad = t.grad ? t.grad.add(g) : g.detach();
    const node = t.gradFn;
    if (!node) continue;
    const inputGrads = node.backward(g);
    node.inputs.forEach((input, k) => {
      const gi = inputGrads[k];
      if (!input.requiresGrad || !gi) return;
      if (!sameShape(gi.shape, input.shape)) {
        // A VJP bug, not a user error: say which rule broke.
        throw new Error(
          `backward: the gradient rule of '${node.op}' returned shape ${fmtShape(gi.shape)} for input ${k} of shape ${fmtShape(input.shape)}`,
        );
      }
      const prev = grads.get(input);
      grads.set(input, prev ? prev.add(gi) : gi);
    });
  }
}
