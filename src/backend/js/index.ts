/** The reference backend: plain TypeScript loops, float32 and float64, always available. */
import type { Backend, StridedOperand } from '../backend.js';
import { allocArray } from '../../tensor/dtype.js';
import type { Storage } from '../../tensor/dtype.js';
import type { Shape } from '../../tensor/shape.js';
import { binaryLoop, binaryScalar, stridedLoop, unaryLoop, unaryScalar } from './elementwise.js';
import { matmulLoop } from './matmul.js';
import { reduceLoop } from './reduce.js';

function permuteLoop(x: Storage, shape: Shape, perm: readonly number[], out: Storage): void {
  const nd = shape.length;
  const inStrides = new Array<number>(nd);
  let s = 1;
  for (let d = nd - 1; d >= 0; d--) {
    inStrides[d] = s;
    s *= shape[d]!;
  }
  const outShape = perm.map((p) => shape[p]!);
  const readStrides = perm.map((p) => inStrides[p]!);
  stridedLoop(outShape, [readStrides], (o, off) => {
    out[o] = x[off[0]!]!;
  });
}

function whereLoop(cond: StridedOperand, a: StridedOperand, b: StridedOperand, out: Storage, shape: Shape): void {
  const C = cond.data;
  const A = a.data;
  const B = b.data;
  stridedLoop(shape, [cond.strides, a.strides, b.strides], (o, off) => {
    out[o] = C[off[0]!] ? A[off[1]!]! : B[off[2]!]!;
  });
}

export const jsBackend: Backend = {
  name: 'js',
  alloc: allocArray,
  unary: (op, x, out) => unaryLoop(unaryScalar[op], x, out),
  binary: (op, a, b, out, shape) => binaryLoop(binaryScalar[op], a, b, out, shape),
  where: whereLoop,
  reduce: reduceLoop,
  matmul: matmulLoop,
  permute: permuteLoop,
  activation: () => undefined,
};
