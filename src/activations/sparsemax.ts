/**
 * Sparsemax along `dim`: the Euclidean projection of each slice onto the probability simplex,
 * max(x − τ, 0) with τ chosen so the slice sums to 1. Unlike softmax it gives exact zeros.
 * Entries of −∞ never enter the support (a mask); a NaN makes its slice NaN.
 */
import type { FloatArray } from '../tensor/dtype.js';
import { defineActivation } from './define.js';
import { normalizeDim } from '../tensor/shape.js';
import type { OnnxBuilder, OnnxValue } from './onnx.js';
import { onnxStaticSize } from './onnx.js';

/** τ of a slice (sorted copy, descending): the support is the largest k with 1 + k·z_(k) > Σ_{i≤k} z_(i). */
function threshold(z: Float64Array): number {
  const s = Float64Array.from(z).sort().reverse();
  let cum = 0;
  let tau = NaN;
  for (let k = 1; k <= s.length; k++) {
    const v = s[k - 1]!;
    if (v === -Infinity) break;
    cum += v;
    if (1 + k * v > cum) tau = (cum - 1) / k;
  }
  return z.some(Number.isNaN) ? NaN : tau;
}

function gather(x: FloatArray, start: number, size: number, inner: number, z: Float64Array): void {
  for (let k = 0, j = start; k < size; k++, j += inner) z[k] = x[j]!;
}

/**
 * Sparsemax in ONNX along `dim`: sort descending (TopK), k* = #{k : 1 + k·z₍ₖ₎ > Σ_{i≤k} z₍ᵢ₎} (the
 * support is a prefix of the sorted slice), τ = (Σ_{i≤k*} z₍ᵢ₎ − 1)/k*, y = max(x − τ, 0).
 */
function sparsemaxOnnx(g: OnnxBuilder, x: OnnxValue, dim: number): OnnxValue {
  const rank = x.shape.length;
  const a = normalizeDim(dim, rank, 'sparsemax');
  const K = onnxStaticSize(x, a, 'sparsemax');
  const [sorted] = g.ops(
    'TopK',
    [x, g.constant([K], { type: 'int64' })],
    { axis: g.int(a), largest: g.int(1), sorted: g.int(1) },
    [{ shape: x.shape }, { shape: x.shape, type: 'int64' }],
  ) as [OnnxValue, OnnxValue];
  const cumsum = g.op('CumSum', [sorted, g.constant(a, { type: 'int64' })]);
  const ks = g.constant(
    Array.from({ length: K }, (_, i) => i + 1),
    { dims: [K, ...Array<number>(rank - a - 1).fill(1)] },
  );
  const inSupport = g.op(
    'Greater',
    [g.op('Add', [g.op('Mul', [ks, sorted]), g.constant(1)]), cumsum],
    {},
    { type: 'bool' },
  );
  const kStar = g.reduce('ReduceSum', g.op('Cast', [inSupport], { to: g.int(1) }, { type: 'float' }), [a], true);
  const last = g.op('Cast', [g.op('Sub', [kStar, g.constant(1)])], { to: g.int(7) }, { type: 'int64' });
  const sum = g.op('GatherElements', [cumsum, last], { axis: g.int(a) }, { shape: last.shape, type: 'float' });
  const tau = g.op('Div', [g.op('Sub', [sum, g.constant(1)]), kStar]);
  return g.op('Relu', [g.op('Sub', [x, tau])]);
}

export const sparsemax = defineActivation({
  kind: 'dimwise',
  id: 'sparsemax',
  name: 'Sparsemax',
  torchName: 'Sparsemax',
  torchFunction: null,
  summary: 'A softmax with exact zeros: projects each slice onto the simplex (sparse attention, multi-label).',
  params: {
    dim: { default: -1, integer: true, doc: 'the dimension normalised' },
  },
  fRow: (x) => {
    const tau = threshold(Float64Array.from(x));
    return x.map((v) => Math.max(v - tau, 0));
  },
  // Jacobian on the support S: I − 𝟙𝟙ᵀ/|S|, so gx = s ⊙ (gy − mean of gy over S).
  vjpRow: (x, gy) => {
    const tau = threshold(Float64Array.from(x));
    const inS = x.map((v) => v - tau > 0);
    const mean = gy.reduce((a, g, k) => a + (inS[k] ? g : 0), 0) / inS.filter(Boolean).length;
    return gy.map((g, k) => (inS[k] ? g - mean : 0));
  },
  kernel: {
    forward(x, y, outer, size, inner) {
      const z = new Float64Array(size);
      for (let o = 0; o < outer; o++) {
        for (let i = 0, start = o * size * inner; i < inner; i++, start++) {
          gather(x, start, size, inner, z);
          const tau = threshold(z);
          for (let k = 0, j = start; k < size; k++, j += inner) y[j] = tau === tau ? Math.max(z[k]! - tau, 0) : NaN;
        }
      }
    },
    // The support is recomputed from x in float64 (a float32 y may round a tiny entry).
    backward(x, _y, gy, gx, outer, size, inner) {
      const z = new Float64Array(size);
      for (let o = 0; o < outer; o++) {
        for (let i = 0, start = o * size * inner; i < inner; i++, start++) {
          gather(x, start, size, inner, z);
          const tau = threshold(z);
          let sum = 0;
          let n = 0;
          for (let k = 0, j = start; k < size; k++, j += inner) {
            if (z[k]! - tau > 0) {
              sum += gy[j]!;
              n++;
            }
          }
          const mean = sum / n;
          for (let k = 0, j = start; k < size; k++, j += inner)
            gx[j] = tau !== tau ? NaN : z[k]! - tau > 0 ? gy[j]! - mean : 0;
        }
      }
    },
  },
  formula:
    '\\operatorname{sparsemax}(x) = \\arg\\min_{p \\in \\Delta} \\lVert p - x \\rVert^2 = \\max(x - \\tau(x), 0)',
  derivative:
    '\\frac{\\partial y}{\\partial x} = \\operatorname{diag}(s) - \\frac{s s^\\top}{\\lvert S \\rvert},\\ s = \\mathbb{1}[y > 0]',
  properties: {
    range: [0, 1],
    boundedAbove: true,
    boundedBelow: true,
    smoothness: 'C0',
    sumsToOne: true,
    shiftInvariant: true,
    cost: 'sort',
  },
  references: [
    {
      title: 'From Softmax to Sparsemax: A Sparse Model of Attention and Multi-Label Classification',
      authors: 'Martins, Astudillo',
      year: 2016,
    },
  ],
  onnx: (g, x, p) => sparsemaxOnnx(g, x, p.dim),
});
