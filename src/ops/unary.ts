/** Elementwise unary primitives: forward runs the backend kernel, the VJP sits beside it. */
import type { UnaryOpName } from '../backend/backend.js';
import { getBackend } from '../backend/registry.js';
import type { FloatArray } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { apply, emptyUninitialized, requireFloat, requireTensor } from './apply.js';
import type { Primitive } from './apply.js';
import { add, div, mul, sub } from './binary.js';
import { zerosLike } from '../tensor/create.js';

type Vjp = (g: Tensor, x: Tensor, y: Tensor) => Tensor;

const TWO_OVER_SQRT_PI = 1.1283791670955126;

function unaryPrimitive(op: UnaryOpName, vjp: Vjp): Primitive<void> {
  return {
    forward: ([x]) => {
      const out = emptyUninitialized(x!.shape, x!.dtype);
      getBackend(x!.dtype).unary(op, x!.data as FloatArray, out.data as FloatArray);
      return out;
    },
    vjp: (g, [x], y) => [vjp(g, x!, y)],
  };
}

/** Typed over UnaryOpName: a primitive without its gradient rule does not compile. */
export const unaryPrimitives: { readonly [K in UnaryOpName]: Primitive<void> } = {
  neg: unaryPrimitive('neg', (g) => neg(g)),
  // torch: abs'(0) = sign(0) = 0.
  abs: unaryPrimitive('abs', (g, x) => mul(g, sign(x))),
  exp: unaryPrimitive('exp', (g, _x, y) => mul(g, y)),
  log: unaryPrimitive('log', (g, x) => div(g, x)),
  log1p: unaryPrimitive('log1p', (g, x) => div(g, add(x, 1))),
  expm1: unaryPrimitive('expm1', (g, _x, y) => mul(g, add(y, 1))),
  sqrt: unaryPrimitive('sqrt', (g, _x, y) => div(g, mul(y, 2))),
  // d/dx x^{-1/2} = -½ y³
  rsqrt: unaryPrimitive('rsqrt', (g, _x, y) => mul(g, mul(square(y), mul(y, -0.5)))),
  square: unaryPrimitive('square', (g, x) => mul(g, mul(x, 2))),
  reciprocal: unaryPrimitive('reciprocal', (g, _x, y) => neg(mul(g, square(y)))),
  tanh: unaryPrimitive('tanh', (g, _x, y) => mul(g, sub(1, square(y)))),
  sigmoid: unaryPrimitive('sigmoid', (g, _x, y) => mul(g, mul(y, sub(1, y)))),
  sin: unaryPrimitive('sin', (g, x) => mul(g, cos(x))),
  cos: unaryPrimitive('cos', (g, x) => neg(mul(g, sin(x)))),
  erf: unaryPrimitive('erf', (g, x) => mul(g, mul(exp(neg(square(x))), TWO_OVER_SQRT_PI))),
  // Piecewise constant: zero gradient (torch returns zeros, not an error).
  sign: unaryPrimitive('sign', (g) => zerosLike(g)),
  floor: unaryPrimitive('floor', (g) => zerosLike(g)),
  ceil: unaryPrimitive('ceil', (g) => zerosLike(g)),
  round: unaryPrimitive('round', (g) => zerosLike(g)),
};

function unary(op: UnaryOpName, x: Tensor): Tensor {
  requireTensor(x, op);
  requireFloat(x, op);
  return apply(op, unaryPrimitives[op], [x], undefined);
}

export const neg = (x: Tensor): Tensor => unary('neg', x);
export const abs = (x: Tensor): Tensor => unary('abs', x);
export const exp = (x: Tensor): Tensor => unary('exp', x);
export const log = (x: Tensor): Tensor => unary('log', x);
export const log1p = (x: Tensor): Tensor => unary('log1p', x);
export const expm1 = (x: Tensor): Tensor => unary('expm1', x);
export const sqrt = (x: Tensor): Tensor => unary('sqrt', x);
export const rsqrt = (x: Tensor): Tensor => unary('rsqrt', x);
export const square = (x: Tensor): Tensor => unary('square', x);
export const reciprocal = (x: Tensor): Tensor => unary('reciprocal', x);
export const tanh = (x: Tensor): Tensor => unary('tanh', x);
export const sigmoid = (x: Tensor): Tensor => unary('sigmoid', x);
export const sin = (x: Tensor): Tensor => unary('sin', x);
export const cos = (x: Tensor): Tensor => unary('cos', x);
export const erf = (x: Tensor): Tensor => unary('erf', x);
export const sign = (x: Tensor): Tensor => unary('sign', x);
export const floor = (x: Tensor): Tensor => unary('floor', x);
export const ceil = (x: Tensor): Tensor => unary('ceil', x);
export const round = (x: Tensor): Tensor => unary('round', x);
