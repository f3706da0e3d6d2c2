/**
 * The softmax family's fused kernels and row references, shared by softmax, softmin,
 * log_softmax and softmax2d.
 */
import type { DimKernel } from '../ops/dim-activation.js';
import type { FloatArray } from '../tensor/dtype.js';

/**
 * Fused kernels for softmax of s·x (s = −1 gives softmin), or its log (log-sum-exp). Each slice
 * [outer o, inner i] is strided by `inner`. The max is subtracted so exp never overflows; NaN,
 * +∞ or an all −∞ slice give NaN throughout, as in torch. The backward recomputes the
 * probabilities from x in float64 (for float32 tensors y is rounded, and exp(y) would amplify it).
 */
export function softmaxKernel(s: 1 | -1, log: boolean): DimKernel {
  /** Writes exp(s·x − m) of the slice into p and returns [m, Σ]. */
  function slice(x: FloatArray, start: number, size: number, inner: number, p: Float64Array): [number, number] {
    let m = -Infinity;
    for (let k = 0, j = start; k < size; k++, j += inner) if (s * x[j]! > m) m = s * x[j]!;
    if (size > 0 && m === -Infinity) m = NaN; // all −∞: −∞ − (−∞)
    let sum = 0;
    for (let k = 0, j = start; k < size; k++, j += inner) sum += p[k] = Math.exp(s * x[j]! - m);
    return [m, sum];
  }
  return {
    forward(x, y, outer, size, inner) {
      const p = new Float64Array(size);
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < inner; i++) {
          const start = o * size * inner + i;
          const [m, sum] = slice(x, start, size, inner, p);
          const logSum = Math.log(sum);
          for (let k = 0, j = start; k < size; k++, j += inner) y[j] = log ? s * x[j]! - m - logSum : p[k]! / sum;
        }
      }
    },
    // softmax: gx = s·y ⊙ (gy − ⟨gy, y⟩);  log_softmax: gx = gy − softmax ⊙ Σgy.
    backward(x, _y, gy, gx, outer, size, inner) {
      const p = new Float64Array(size);
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < inner; i++) {
          const start = o * size * inner + i;
          const [, sum] = slice(x, start, size, inner, p);
          let dot = 0;
          for (let k = 0, j = start; k < size; k++, j += inner) dot += log ? gy[j]! : (gy[j]! * p[k]!) / sum;
          for (let k = 0, j = start; k < size; k++, j += inner) {
            gx[j] = log ? gy[j]! - (p[k]! / sum) * dot : s * (p[k]! / sum) * (gy[j]! - dot);
          }
        }
      }
    },
  };
}

/** Row references, written plainly. */
export function softmaxRow(x: readonly number[], s = 1): number[] {
  const m = Math.max(...x.map((v) => s * v));
  const e = x.map((v) => Math.exp(s * v - m));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}
export function softmaxVjpRow(x: readonly number[], gy: readonly number[], s = 1): number[] {
  const y = softmaxRow(x, s);
  const dot = y.reduce((a, v, k) => a + v * gy[k]!, 0);
  return y.map((v, k) => s * v * (gy[k]! - dot));
}
