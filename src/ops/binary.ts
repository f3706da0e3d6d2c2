/** Broadcasting binary primitives and comparisons, with their VJPs (reduced back to each input's shape). */
import type { BinaryOpName } from '../backend/backend.js';
import { getBackend } from '../backend/registry.js';
import { promoteTypes } from '../tensor/dtype.js';
import type { DType } from '../tensor/dtype.js';
import { broadcastShapes, broadcastStrides } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { apply, asTensor, emptyUninitialized } from './apply.js';
import type { Primitive, TensorLike } from './apply.js';
import { sumTo } from './reduce.js';
import { log, neg } from './unary.js';
import { where } from './select.js';
import { zerosLike } from '../tensor/create.js';

type Vjp = (g: Tensor, a: Tensor, b: Tensor, out: Tensor) => [Tensor | null, Tensor | null];

function binaryPrimitive(op: BinaryOpName, vjp: Vjp, resultDType?: (d: DType) => DType): Primitive<void> {
  return {
    forward: ([a, b]) => {
      const shape = broadcastShapes(a!.shape, b!.shape, op);
      const dtype = promoteTypes(a!.dtype, b!.dtype);
      const out = emptyUninitialized(shape, resultDType ? resultDType(dtype) : dtype);
      // Mixed dtypes are converted first, so kernels only ever see one element type.
      const A = a!.dtype === dtype ? a! : a!.to(dtype);
      const B = b!.dtype === dtype ? b! : b!.to(dtype);
      getBackend(dtype).binary(
        op,
        { data: A.data, strides: broadcastStrides(A.shape, shape) },
        { data: B.data, strides: broadcastStrides(B.shape, shape) },
        out.data,
        shape,
      );
      return out;
    },
    vjp: (g, [a, b], out) => {
      const [ga, gb] = vjp(g, a!, b!, out);
      return [ga && sumTo(ga, a!.shape).to(a!.dtype), gb && sumTo(gb, b!.shape).to(b!.dtype)];
    },
  };
}

const noGradient: Vjp = () => [null, null];

export const binaryPrimitives: { readonly [K in BinaryOpName]: Primitive<void> } = {
  add: binaryPrimitive('add', (g) => [g, g]),
  sub: binaryPrimitive('sub', (g) => [g, neg(g)]),
  mul: binaryPrimitive('mul', (g, a, b) => [mul(g, b), mul(g, a)]),
  div: binaryPrimitive(
    'div',
    (g, _a, b, out) => [div(g, b), neg(div(mul(g, out), b))],
    (d) => (d === 'int32' ? 'float32' : d),
  ),
  // torch masks the 0·∞ cases: d/da is 0 where b == 0, d/db is 0 where a == 0 and b >= 0.
  pow: binaryPrimitive('pow', (g, a, b, out) => [
    where(eq(b, 0), 0, mul(g, mul(b, pow(a, sub(b, 1))))),
    where(mul(eq(a, 0), ge(b, 0)), 0, mul(g, mul(out, log(a)))),
  ]),
  // Ties split the gradient in half, as torch's maximum/minimum do.
  maximum: binaryPrimitive('maximum', (g, a, b) => tieSplit(g, gt(a, b), lt(a, b), eq(a, b))),
  minimum: binaryPrimitive('minimum', (g, a, b) => tieSplit(g, lt(a, b), gt(a, b), eq(a, b))),
  eq: binaryPrimitive('eq', noGradient),
  ne: binaryPrimitive('ne', noGradient),
  lt: binaryPrimitive('lt', noGradient),
  le: binaryPrimitive('le', noGradient),
  gt: binaryPrimitive('gt', noGradient),
  ge: binaryPrimitive('ge', noGradient),
};

function tieSplit(g: Tensor, aWins: Tensor, bWins: Tensor, tie: Tensor): [Tensor, Tensor] {
  const half = mul(g, 0.5);
  return [where(aWins, g, where(tie, half, zerosLike(g))), where(bWins, g, where(tie, half, zerosLike(g)))];
}

function binary(op: BinaryOpName, a: TensorLike, b: TensorLike): Tensor {
  if (!(a instanceof Tensor) && !(b instanceof Tensor)) {
    throw new TypeError(`${op}: at least one operand must be a Tensor, got ${typeof a} and ${typeof b}`);
  }
  const ta = a instanceof Tensor ? a : asTensor(a, b as Tensor, op);
  const tb = b instanceof Tensor ? b : asTensor(b, ta, op);
  return apply(op, binaryPrimitives[op], [ta, tb], undefined);
}

export const add = (a: TensorLike, b: TensorLike): Tensor => binary('add', a, b);
export const sub = (a: TensorLike, b: TensorLike): Tensor => binary('sub', a, b);
export const mul = (a: TensorLike, b: TensorLike): Tensor => binary('mul', a, b);
export const div = (a: TensorLike, b: TensorLike): Tensor => binary('div', a, b);
export const pow = (a: TensorLike, b: TensorLike): Tensor => binary('pow', a, b);
export const maximum = (a: TensorLike, b: TensorLike): Tensor => binary('maximum', a, b);
export const minimum = (a: TensorLike, b: TensorLike): Tensor => binary('minimum', a, b);
/** Comparisons give 1/0 in the promoted dtype (actlab has no bool dtype). */
export const eq = (a: TensorLike, b: TensorLike): Tensor => binary('eq', a, b);
export const ne = (a: TensorLike, b: TensorLike): Tensor => binary('ne', a, b);
export const lt = (a: TensorLike, b: TensorLike): Tensor => binary('lt', a, b);
export const le = (a: TensorLike, b: TensorLike): Tensor => binary('le', a, b);
export const gt = (a: TensorLike, b: TensorLike): Tensor => binary('gt', a, b);
export const ge = (a: TensorLike, b: TensorLike): Tensor => binary('ge', a, b);
