/**
 * Sparsemax along `dim`: the Euclidean projection of each slice onto the probability simplex,
 * max(x − τ, 0) with τ chosen so the slice sums to 1. Unlike softmax it gives exact zeros.
 * Entries of −∞ never enter the support (a mask); a NaN makes its slice NaN.
 */
import type { FloatArray } from '../tensor/dtype.js';
import { defineActivation } from './define.js';

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
  onnx: () => ({
    decomposition:
      'Relu(Sub(x, tau)), tau = (CumSum(TopK(x))[k*] − 1)/k*, k* = ReduceSum(Greater(1 + k·TopK(x), CumSum(TopK(x))))',
    ops: ['TopK', 'CumSum', 'Range', 'Mul', 'Add', 'Greater', 'Cast', 'ReduceSum', 'Gather', 'Sub', 'Div', 'Relu'],
    opset: 13,
  }),
});
