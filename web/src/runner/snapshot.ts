/**
 * What the page draws of a run, computed in the worker from the Trainer: the model's output over
 * the input plane (decision boundary or regression surface), every neuron's output over a coarser
 * grid, the weights, the dead units and the metrics. Plain typed arrays, so a snapshot crosses to
 * the page by transfer, not by copy.
 */
import { noGrad, tensor, tidy } from '../lib.js';
import { featureRows } from '../data/features.js';
import type { PlanarSplit } from '../data/planar.js';
import type { Metrics, Trainer } from './trainer.js';

export interface Extent {
  x: [number, number];
  y: [number, number];
}

export interface Snapshot {
  step: number;
  epoch: number;
  metrics: Metrics;
  /** Output over the `gridSize²` plane grid (row 0 at the bottom, x fastest): P(class 1), the predicted class, or the regression value. */
  grid: Float32Array;
  /** Multiclass only: the winning probability at each grid point (shades the class colour). */
  confidence: Float32Array | null;
  gridSize: number;
  /** Per hidden layer, per unit: its activation over the `neuronGridSize²` grid. */
  neurons: Float32Array[][];
  neuronGridSize: number;
  /** Per output unit (logit or value): its value over the same coarse grid. */
  outputs: Float32Array[];
  /** Per Linear layer: weight [out, in] row-major and bias. */
  weights: Float32Array[];
  biases: Float32Array[];
  /** Per hidden layer: 1 where the unit is dead (|f′(z)| ≤ 1e-8 on every training sample). */
  dead: Uint8Array[];
  gradNorms: number[];
}

/** The plane shown: the extent of train and test points, padded by 10% and made square. */
export function planeExtent(split: PlanarSplit): Extent {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of [split.train, split.test]) {
    for (let i = 0; i < 2 * s.n; i++) {
      lo = Math.min(lo, s.x[i]!);
      hi = Math.max(hi, s.x[i]!);
    }
  }
  const pad = (hi - lo || 2) * 0.1;
  return { x: [lo - pad, hi + pad], y: [lo - pad, hi + pad] };
}

/** (x₁, x₂) pairs of an n × n grid over the extent, both ends included. */
export function gridPoints(e: Extent, n: number): Float32Array {
  const pts = new Float32Array(2 * n * n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      pts[2 * (j * n + i)] = e.x[0] + ((e.x[1] - e.x[0]) * i) / (n - 1);
      pts[2 * (j * n + i) + 1] = e.y[0] + ((e.y[1] - e.y[0]) * j) / (n - 1);
    }
  }
  return pts;
}

/** The feature rows of the two grids a snapshot evaluates: fixed for a run, so computed once. */
export interface SnapshotGrids {
  extent: Extent;
  size: number;
  rows: Float32Array;
  neuronSize: number;
  neuronRows: Float32Array;
}

export function snapshotGrids(t: Trainer, extent: Extent, size: number, neuronSize: number): SnapshotGrids {
  const rows = (n: number) => featureRows(gridPoints(extent, n), n * n, t.config.features);
  return { extent, size, rows: rows(size), neuronSize, neuronRows: rows(neuronSize) };
}

/** Runs grid rows through the network, keeping the output of every activation layer. */
function forwardGrid(t: Trainer, rows: Float32Array, n: number): { hidden: Float32Array[]; out: Float32Array } {
  // Every tensor is made inside the scope, so the wasm backend frees them all when it ends.
  return tidy(() =>
    noGrad(() => {
      const hidden: Float32Array[] = [];
      let y = tensor(rows, { shape: [n * n, t.config.features.length] });
      const layers = [...t.net.model];
      layers.forEach((layer, i) => {
        y = layer.forward(y);
        if (i % 2 === 1 && i < layers.length - 1) hidden.push(Float32Array.from(y.data));
      });
      return { hidden, out: Float32Array.from(y.data) };
    }),
  );
}

/** P(class 1) (two classes), else predicted class + its probability, else the raw value (regression). */
function gridValues(
  t: Trainer,
  out: Float32Array,
  points: number,
): { grid: Float32Array; confidence: Float32Array | null } {
  const k = t.net.outputs;
  const grid = new Float32Array(points);
  if (t.split.kind === 'regression') return { grid: out.slice(0, points), confidence: null };
  if (k === 1) {
    for (let i = 0; i < points; i++) grid[i] = 1 / (1 + Math.exp(-out[i]!));
    return { grid, confidence: null };
  }
  const mse = t.config.loss === 'mse';
  if (k === 2) {
    // Softmax of two logits = σ(o₁ − o₀); MSE outputs estimate the one-hot target directly.
    for (let i = 0; i < points; i++) {
      const d = out[2 * i + 1]! - out[2 * i]!;
      grid[i] = mse ? Math.min(1, Math.max(0, (d + 1) / 2)) : 1 / (1 + Math.exp(-d));
    }
    return { grid, confidence: null };
  }
  const confidence = new Float32Array(points);
  for (let i = 0; i < points; i++) {
    let best = 0;
    let sum = 0;
    const m = Math.max(...out.subarray(i * k, (i + 1) * k));
    for (let c = 0; c < k; c++) {
      sum += Math.exp(out[i * k + c]! - m);
      if (out[i * k + c]! > out[i * k + best]!) best = c;
    }
    grid[i] = best;
    confidence[i] = mse ? Math.min(1, Math.max(0, out[i * k + best]!)) : 1 / sum;
  }
  return { grid, confidence };
}

/** Splits [points, units] row-major activations into one array per unit. */
function perUnit(values: Float32Array, units: number): Float32Array[] {
  const points = values.length / units;
  return Array.from({ length: units }, (_, u) =>
    Float32Array.from({ length: points }, (_, p) => values[p * units + u]!),
  );
}

export function takeSnapshot(t: Trainer, g: SnapshotGrids): Snapshot {
  const gridSize = g.size;
  const neuronGridSize = g.neuronSize;
  const main = forwardGrid(t, g.rows, gridSize);
  const { grid, confidence } = gridValues(t, main.out, gridSize * gridSize);
  const small = forwardGrid(t, g.neuronRows, neuronGridSize);
  const { dead, ...metrics } = t.metrics();
  return {
    step: t.step,
    epoch: t.epoch,
    metrics,
    grid,
    confidence,
    gridSize,
    neurons: small.hidden.map((h, l) => perUnit(h, t.config.hidden[l]!)),
    neuronGridSize,
    outputs: perUnit(small.out, t.net.outputs),
    weights: t.net.linears.map((l) => Float32Array.from(l.weight.data)),
    biases: t.net.linears.map((l) => (l.bias ? Float32Array.from(l.bias.data) : new Float32Array(l.weight.shape[0]!))),
    dead,
    gradNorms: [...t.gradNorms],
  };
}

/** The buffers of a snapshot, for postMessage's transfer list. */
export function transferables(s: Snapshot): ArrayBuffer[] {
  const arrays = [
    s.grid,
    ...(s.confidence ? [s.confidence] : []),
    ...s.neurons.flat(),
    ...s.outputs,
    ...s.weights,
    ...s.biases,
    ...s.dead,
  ];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}
