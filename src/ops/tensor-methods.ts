/**
 * Tensor's op methods — `x.add(y)`, `x.matmul(w)`, `x.sum(1)`, `y.backward()` — defined here,
 * beside the ops, and attached to `Tensor.prototype` when this file loads (src/ops/apply.ts,
 * which every op goes through, imports it). src/tensor/ sits below ops and autograd and cannot import them: this is the one
 * place where a lower layer's class gets behaviour from a higher one (docs/architecture.md).
 * Every tensor with a gradFn was made by an op, so methods always exist on tensors that reach
 * autograd's sweep.
 */
import { runBackward } from '../autograd/backward.js';
import { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import type { TensorLike } from './apply.js';
import {
  abs,
  cos,
  erf,
  exp,
  expm1,
  log,
  log1p,
  neg,
  reciprocal,
  rsqrt,
  sigmoid,
  sign,
  sin,
  sqrt,
  square,
  tanh,
} from './unary.js';
import { add, div, eq, ge, gt, le, lt, maximum, minimum, mul, ne, pow, sub } from './binary.js';
import { argmax, argmin, logsumexp, max, mean, min, sum } from './reduce.js';
import { expand, flatten, permute, reshape, shapeArgs, squeeze, transpose, unsqueeze } from './layout.js';
import { chunk, indexSelect, narrow, split } from './indexing.js';
import { cast, clamp, clone } from './select.js';
import { matmul } from './matmul.js';

declare module '../tensor/tensor.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the methods come from TensorMethods
  interface Tensor extends TensorMethods {}
}

/** The methods, written as a class so TypeScript types them once; copied onto Tensor below. */
abstract class TensorMethods {
  /** Back-propagates from this tensor; non-scalar outputs need an upstream gradient, as in torch. */
  backward(this: Tensor, grad?: Tensor): void {
    runBackward(this, grad);
  }
  add(this: Tensor, o: TensorLike): Tensor {
    return add(this, o);
  }
  sub(this: Tensor, o: TensorLike): Tensor {
    return sub(this, o);
  }
  mul(this: Tensor, o: TensorLike): Tensor {
    return mul(this, o);
  }
  div(this: Tensor, o: TensorLike): Tensor {
    return div(this, o);
  }
  pow(this: Tensor, o: TensorLike): Tensor {
    return pow(this, o);
  }
  maximum(this: Tensor, o: TensorLike): Tensor {
    return maximum(this, o);
  }
  minimum(this: Tensor, o: TensorLike): Tensor {
    return minimum(this, o);
  }
  eq(this: Tensor, o: TensorLike): Tensor {
    return eq(this, o);
  }
  ne(this: Tensor, o: TensorLike): Tensor {
    return ne(this, o);
  }
  lt(this: Tensor, o: TensorLike): Tensor {
    return lt(this, o);
  }
  le(this: Tensor, o: TensorLike): Tensor {
    return le(this, o);
  }
  gt(this: Tensor, o: TensorLike): Tensor {
    return gt(this, o);
  }
  ge(this: Tensor, o: TensorLike): Tensor {
    return ge(this, o);
  }
  neg(this: Tensor): Tensor {
    return neg(this);
  }
  abs(this: Tensor): Tensor {
    return abs(this);
  }
  exp(this: Tensor): Tensor {
    return exp(this);
  }
  log(this: Tensor): Tensor {
    return log(this);
  }
  log1p(this: Tensor): Tensor {
    return log1p(this);
  }
  expm1(this: Tensor): Tensor {
    return expm1(this);
  }
  sqrt(this: Tensor): Tensor {
    return sqrt(this);
  }
  rsqrt(this: Tensor): Tensor {
    return rsqrt(this);
  }
  square(this: Tensor): Tensor {
    return square(this);
  }
  reciprocal(this: Tensor): Tensor {
    return reciprocal(this);
  }
  tanh(this: Tensor): Tensor {
    return tanh(this);
  }
  sigmoid(this: Tensor): Tensor {
    return sigmoid(this);
  }
  sin(this: Tensor): Tensor {
    return sin(this);
  }
  cos(this: Tensor): Tensor {
    return cos(this);
  }
  erf(this: Tensor): Tensor {
    return erf(this);
  }
  sign(this: Tensor): Tensor {
    return sign(this);
  }
  clamp(this: Tensor, min?: number | null, max?: number | null): Tensor {
    return clamp(this, min, max);
  }
  sum(this: Tensor, dim?: number | number[], keepdim = false): Tensor {
    return sum(this, dim, keepdim);
  }
  mean(this: Tensor, dim?: number | number[], keepdim = false): Tensor {
    return mean(this, dim, keepdim);
  }
  max(this: Tensor, dim?: number | number[], keepdim = false): Tensor {
    return max(this, dim, keepdim);
  }
  min(this: Tensor, dim?: number | number[], keepdim = false): Tensor {
    return min(this, dim, keepdim);
  }
  logsumexp(this: Tensor, dim?: number | number[], keepdim = false): Tensor {
    return logsumexp(this, dim, keepdim);
  }
  argmax(this: Tensor, dim?: number, keepdim = false): Tensor {
    return argmax(this, dim, keepdim);
  }
  argmin(this: Tensor, dim?: number, keepdim = false): Tensor {
    return argmin(this, dim, keepdim);
  }
  matmul(this: Tensor, o: Tensor): Tensor {
    return matmul(this, o);
  }
  reshape(this: Tensor, ...shape: number[] | [readonly number[]]): Tensor {
    return reshape(this, shapeArgs(shape));
  }
  view(this: Tensor, ...shape: number[] | [readonly number[]]): Tensor {
    return reshape(this, shapeArgs(shape));
  }
  flatten(this: Tensor, startDim = 0, endDim = -1): Tensor {
    return flatten(this, startDim, endDim);
  }
  unsqueeze(this: Tensor, dim: number): Tensor {
    return unsqueeze(this, dim);
  }
  squeeze(this: Tensor, dim?: number): Tensor {
    return squeeze(this, dim);
  }
  expand(this: Tensor, ...shape: number[] | [readonly number[]]): Tensor {
    return expand(this, shapeArgs(shape));
  }
  transpose(this: Tensor, dim0 = 0, dim1 = 1): Tensor {
    return transpose(this, dim0, dim1);
  }
  permute(this: Tensor, ...dims: number[] | [readonly number[]]): Tensor {
    return permute(this, shapeArgs(dims));
  }
  /** Matrix transpose of a 2-D tensor. */
  get T(): Tensor {
    return transpose(this as unknown as Tensor, 0, 1);
  }
  narrow(this: Tensor, dim: number, start: number, length: number): Tensor {
    return narrow(this, dim, start, length);
  }
  indexSelect(this: Tensor, dim: number, index: Tensor | readonly number[]): Tensor {
    return indexSelect(this, dim, index);
  }
  split(this: Tensor, size: number | readonly number[], dim = 0): Tensor[] {
    return split(this, size, dim);
  }
  chunk(this: Tensor, chunks: number, dim = 0): Tensor[] {
    return chunk(this, chunks, dim);
  }
  to(this: Tensor, dtype: DType): Tensor {
    return cast(this, dtype);
  }
  float(this: Tensor): Tensor {
    return cast(this, 'float32');
  }
  double(this: Tensor): Tensor {
    return cast(this, 'float64');
  }
  clone(this: Tensor): Tensor {
    return clone(this);
  }
}

for (const name of Object.getOwnPropertyNames(TensorMethods.prototype)) {
  if (name !== 'constructor') {
    Object.defineProperty(Tensor.prototype, name, Object.getOwnPropertyDescriptor(TensorMethods.prototype, name)!);
  }
}
