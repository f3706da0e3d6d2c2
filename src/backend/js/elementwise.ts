/** Scalar definitions of the primitive elementwise ops, and strided loops that apply them. */
import type { BinaryOpName, StridedOperand, UnaryOpName } from '../backend.js';
import type { Storage } from '../../tensor/dtype.js';
import type { Shape } from '../../tensor/shape.js';
import { erf, sigmoid } from './math.js';

type Scalar1 = (x: number) => number;
type Scalar2 = (a: number, b: number) => number;

/** Typed as a mapped type: adding a UnaryOpName without its scalar form fails to compile. */
export const unaryScalar: { readonly [K in UnaryOpName]: Scalar1 } = {
  neg: (x) => -x,
  abs: Math.abs,
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  expm1: Math.expm1,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  square: (x) => x * x,
  reciprocal: (x) => 1 / x,
  tanh: Math.tanh,
  sigmoid,
  sin: Math.sin,
  cos: Math.cos,
  erf,
  sign: (x) => (Number.isNaN(x) ? NaN : x > 0 ? 1 : x < 0 ? -1 : 0),
  floor: Math.floor,
  ceil: Math.ceil,
  // torch rounds half to even.
  round: (x) => {
    const r = Math.round(x);
    return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  },
};

export const binaryScalar: { readonly [K in BinaryOpName]: Scalar2 } = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: Math.pow,
  // torch.maximum/minimum propagate NaN (Math.max does too).
  maximum: Math.max,
  minimum: Math.min,
  eq: (a, b) => (a === b ? 1 : 0),
  ne: (a, b) => (a !== b ? 1 : 0),
  lt: (a, b) => (a < b ? 1 : 0),
  le: (a, b) => (a <= b ? 1 : 0),
  gt: (a, b) => (a > b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
};

export function unaryLoop(fn: Scalar1, x: Storage, out: Storage): void {
  for (let i = 0; i < x.length; i++) out[i] = fn(x[i]!);
}

/**
 * Visits every index of `shape` in row-major order, calling `body` with the flat offset of each
 * operand. The innermost dimension is a tight loop; outer ones advance with carries.
 */
export function stridedLoop(
  shape: Shape,
  strides: readonly (readonly number[])[],
  body: (out: number, offsets: number[]) => void,
): void {
  const nd = shape.length;
  const k = strides.length;
  const offsets = new Array<number>(k).fill(0);
  const total = shape.reduce((p, d) => p * d, 1);
  if (total === 0) return;
  if (nd === 0) {
    body(0, offsets);
    return;
  }
  const index = new Array<number>(nd).fill(0);
  const inner = shape[nd - 1]!;
  const innerStrides = strides.map((s) => s[nd - 1]!);
  for (let outPos = 0; outPos < total;) {
    const base = offsets.slice();
    for (let j = 0; j < inner; j++) {
      for (let q = 0; q < k; q++) offsets[q] = base[q]! + j * innerStrides[q]!;
      body(outPos++, offsets);
    }
    for (let q = 0; q < k; q++) offsets[q] = base[q]!;
    // carry into the outer dimensions
    for (let d = nd - 2; d >= 0; d--) {
      index[d]!++;
      for (let q = 0; q < k; q++) offsets[q] = offsets[q]! + strides[q]![d]!;
      if (index[d]! < shape[d]!) break;
      for (let q = 0; q < k; q++) offsets[q] = offsets[q]! - strides[q]![d]! * shape[d]!;
      index[d] = 0;
    }
  }
}

function isContiguous(op: StridedOperand, shape: Shape): boolean {
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && op.strides[i] !== s) return false;
    s *= shape[i]!;
  }
  return true;
}

/** Length p when `op` is contiguous over its trailing dims and stretched (stride 0) over the leading ones. */
function periodOf(op: StridedOperand, shape: Shape): number {
  let p = 1;
  let d = shape.length - 1;
  for (; d >= 0 && op.strides[d] === p; d--) p *= shape[d]!;
  for (; d >= 0; d--) if (op.strides[d] !== 0 && shape[d] !== 1) return 0;
  return p;
}

function isScalar(op: StridedOperand): boolean {
  return op.strides.every((s) => s === 0);
}

export function binaryLoop(fn: Scalar2, a: StridedOperand, b: StridedOperand, out: Storage, shape: Shape): void {
  const A = a.data;
  const B = b.data;
  const n = out.length;
  // Fast paths: equal shapes and tensor ∘ scalar cover nearly every call in training.
  const ca = isContiguous(a, shape);
  const cb = isContiguous(b, shape);
  if (ca && cb) {
    for (let i = 0; i < n; i++) out[i] = fn(A[i]!, B[i]!);
  } else if (ca && isScalar(b)) {
    const s = B[0]!;
    for (let i = 0; i < n; i++) out[i] = fn(A[i]!, s);
  } else if (isScalar(a) && cb) {
    const s = A[0]!;
    for (let i = 0; i < n; i++) out[i] = fn(s, B[i]!);
  } else if (ca && periodOf(b, shape) > 0) {
    // b repeats along the leading dims (a bias row added to every sample)
    const p = periodOf(b, shape);
    for (let i = 0; i < n; i += p) for (let j = 0; j < p; j++) out[i + j] = fn(A[i + j]!, B[j]!);
  } else {
    stridedLoop(shape, [a.strides, b.strides], (o, off) => {
      out[o] = fn(A[off[0]!]!, B[off[1]!]!);
    });
  }
}
