/**
 * Decision boundaries of 2-D classifiers: the model's output on a grid over the input plane,
 * in the layout `decisionBoundary` (src/plot) draws — P(class 1) for two classes, the predicted
 * class for more.
 */
import type { Dataset } from '../data/dataset.js';
import { noGrad } from '../autograd/grad-mode.js';
import type { Module } from '../nn/module.js';
import type { BoundaryGrid } from '../plot/heatmap.js';
import { Tensor } from '../tensor/tensor.js';

export interface DecisionGrid {
  xRange: [number, number];
  yRange: [number, number];
  grid: BoundaryGrid;
  kind: 'probability' | 'class';
}

/** The extent of a 2-D dataset's points, padded by `pad` of its size on each side. */
export function planeExtent(ds: Dataset, pad = 0.1): { xRange: [number, number]; yRange: [number, number] } {
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity;
  for (let i = 0; i < ds.n; i++) {
    const a = ds.x[2 * i]!;
    const b = ds.x[2 * i + 1]!;
    x0 = Math.min(x0, a);
    x1 = Math.max(x1, a);
    y0 = Math.min(y0, b);
    y1 = Math.max(y1, b);
  }
  const px = (x1 - x0 || 1) * pad;
  const py = (y1 - y0 || 1) * pad;
  return { xRange: [x0 - px, x1 + px], yRange: [y0 - py, y1 + py] };
}

/**
 * Evaluates a classifier of 2-D inputs on an `n × n` grid (row 0 at the bottom, x varying
 * fastest, both ends included), in eval mode without gradients.
 *
 * @param model - maps `[N, 2]` to logits `[N, C]`.
 * @example const g = decisionGrid(model, planeExtent(train), 2); decisionBoundary({ ...g, points })
 */
export function decisionGrid(
  model: Module,
  extent: { xRange: [number, number]; yRange: [number, number] },
  classes: number,
  n = 121,
): DecisionGrid {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`decisionGrid: n must be an integer ≥ 2, got ${n}`);
  const { xRange, yRange } = extent;
  const pts = new Float32Array(n * n * 2);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      pts[2 * (j * n + i)] = xRange[0] + ((xRange[1] - xRange[0]) * i) / (n - 1);
      pts[2 * (j * n + i) + 1] = yRange[0] + ((yRange[1] - yRange[0]) * j) / (n - 1);
    }
  }
  const modes = model.namedModules().map(([, m]) => [m, m.training] as const);
  model.eval();
  let logits: Tensor;
  try {
    logits = noGrad(() => model.forward(new Tensor(pts, [n * n, 2], 'float32')));
  } finally {
    for (const [m, mode] of modes) m.training = mode;
  }
  const L = logits.data;
  const values = new Float64Array(n * n);
  for (let k = 0; k < n * n; k++) {
    if (classes === 2) {
      // softmax over two logits = sigmoid of their difference.
      values[k] = 1 / (1 + Math.exp(L[2 * k]! - L[2 * k + 1]!));
    } else {
      let best = 0;
      for (let c = 1; c < classes; c++) if (L[k * classes + c]! > L[k * classes + best]!) best = c;
      values[k] = best;
    }
  }
  return { xRange, yRange, grid: { nx: n, ny: n, values }, kind: classes === 2 ? 'probability' : 'class' };
}
