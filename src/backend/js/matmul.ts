/** Reference GEMM: row-major, i-k-j loop order so the inner loop streams rows of B and C. */
import type { MatmulPlan } from '../backend.js';
import type { FloatArray } from '../../tensor/dtype.js';

export function matmulLoop(a: FloatArray, b: FloatArray, out: FloatArray, p: MatmulPlan): void {
  const { m, n, k } = p;
  // Transposed operands are first copied to row-major so the hot loop is always the same.
  const aT = p.transA ? new Float64Array(m * k) : null;
  const bT = p.transB ? new Float64Array(k * n) : null;
  for (let t = 0; t < p.batch; t++) {
    const ao = t * p.strideA;
    const bo = t * p.strideB;
    const co = t * m * n;
    let A: FloatArray = a;
    let aOff = ao;
    if (aT) {
      for (let i = 0; i < m; i++) for (let q = 0; q < k; q++) aT[i * k + q] = a[ao + q * m + i]!;
      A = aT;
      aOff = 0;
    }
    let B: FloatArray = b;
    let bOff = bo;
    if (bT) {
      for (let q = 0; q < k; q++) for (let j = 0; j < n; j++) bT[q * n + j] = b[bo + j * k + q]!;
      B = bT;
      bOff = 0;
    }
    const acc = new Float64Array(n);
    for (let i = 0; i < m; i++) {
      acc.fill(0);
      for (let q = 0; q < k; q++) {
        const aiq = A[aOff + i * k + q]!;
        const row = bOff + q * n;
        for (let j = 0; j < n; j++) acc[j]! += aiq * B[row + j]!;
      }
      for (let j = 0; j < n; j++) out[co + i * n + j] = acc[j]!;
    }
  }
}
