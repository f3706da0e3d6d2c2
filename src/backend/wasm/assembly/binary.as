// Elementwise binary ops out = a ∘ b for ∘ in add, sub, mul, div, maximum, minimum (NaN
// propagating, as torch.maximum/minimum), with b of the same length, a scalar, or a row vector
// broadcast over the rows of a (bias add). Also y += α·x (axpy). out may alias a or b.
import { splat, add, sub, mul, div, mulThenAdd, ld, st, ldTail, stTail } from "./simd";

// Op codes, mirrored in kernels.ts.
const ADD = 0, SUB = 1, MUL = 2, DIV = 3, MAX = 4;

@inline function apply(op: i32, a: v128, b: v128): v128 {
  if (op == ADD) return add(a, b);
  if (op == SUB) return sub(a, b);
  if (op == MUL) return mul(a, b);
  if (op == DIV) return div(a, b);
  if (op == MAX) return f32x4.max(a, b);
  return f32x4.min(a, b);
}

@inline function sameLoop(op: i32, pa: usize, pb: usize, po: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(po, i, apply(op, ld(pa, i), ld(pb, i)));
  if (i < n) stTail(po, i, apply(op, ldTail(pa, i, n - i), ldTail(pb, i, n - i)), n - i);
}
@inline function scalarLoop(op: i32, pa: usize, s: f32, po: usize, n: i32): void {
  const b = splat(s);
  let i = 0;
  for (; i <= n - 4; i += 4) st(po, i, apply(op, ld(pa, i), b));
  if (i < n) stTail(po, i, apply(op, ldTail(pa, i, n - i), b), n - i);
}
@inline function rowLoop(op: i32, pa: usize, pb: usize, po: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const off = <usize>(r * cols) << 2;
    sameLoop(op, pa + off, pb, po + off, cols);
  }
}

// One specialised loop per op: the switch is outside the loops.
export function binary_same(op: i32, pa: usize, pb: usize, po: usize, n: i32): void {
  if (op == ADD) sameLoop(ADD, pa, pb, po, n);
  else if (op == SUB) sameLoop(SUB, pa, pb, po, n);
  else if (op == MUL) sameLoop(MUL, pa, pb, po, n);
  else if (op == DIV) sameLoop(DIV, pa, pb, po, n);
  else if (op == MAX) sameLoop(MAX, pa, pb, po, n);
  else sameLoop(5, pa, pb, po, n);
}
export function binary_scalar(op: i32, pa: usize, s: f32, po: usize, n: i32): void {
  if (op == ADD) scalarLoop(ADD, pa, s, po, n);
  else if (op == SUB) scalarLoop(SUB, pa, s, po, n);
  else if (op == MUL) scalarLoop(MUL, pa, s, po, n);
  else if (op == DIV) scalarLoop(DIV, pa, s, po, n);
  else if (op == MAX) scalarLoop(MAX, pa, s, po, n);
  else scalarLoop(5, pa, s, po, n);
}
export function binary_rows(op: i32, pa: usize, pb: usize, po: usize, rows: i32, cols: i32): void {
  if (op == ADD) rowLoop(ADD, pa, pb, po, rows, cols);
  else if (op == SUB) rowLoop(SUB, pa, pb, po, rows, cols);
  else if (op == MUL) rowLoop(MUL, pa, pb, po, rows, cols);
  else if (op == DIV) rowLoop(DIV, pa, pb, po, rows, cols);
  else if (op == MAX) rowLoop(MAX, pa, pb, po, rows, cols);
  else rowLoop(5, pa, pb, po, rows, cols);
}

/** y += α·x. */
export function axpy(alpha: f32, px: usize, py: usize, n: i32): void {
  const a = splat(alpha);
  let i = 0;
  for (; i <= n - 4; i += 4) st(py, i, mulThenAdd(a, ld(px, i), ld(py, i)));
  if (i < n) stTail(py, i, mulThenAdd(a, ldTail(px, i, n - i), ldTail(py, i, n - i)), n - i);
}
