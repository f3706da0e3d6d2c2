/** Creating tensors: from data, filled, ranges, and seeded random draws. */
import type { DType, Storage } from './dtype.js';
import { checkDType, isFloat } from './dtype.js';
import type { Shape } from './shape.js';
import { checkShape, fmtShape, numel } from './shape.js';
import { Tensor } from './tensor.js';
import type { NestedArray } from './tensor.js';
import type { Generator } from './random.js';
import { defaultGenerator } from './random.js';
import { storageSource } from './storage.js';

export interface TensorOptions {
  shape?: readonly number[];
  dtype?: DType;
  requiresGrad?: boolean;
}

export interface CreateOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}

export interface RandomOptions extends CreateOptions {
  generator?: Generator;
}

function finish(data: Storage, shape: Shape, dtype: DType, requiresGrad: boolean | undefined, op: string): Tensor {
  const t = new Tensor(data, shape, dtype);
  if (requiresGrad) {
    if (!isFloat(dtype)) throw new TypeError(`${op}: only float tensors can require gradients, got dtype ${dtype}`);
    t.requiresGrad = true;
  }
  return t;
}

/** Storage from the backend that will compute on it (see storage.ts). */
function alloc(dtype: DType, n: number): Storage {
  return storageSource.alloc(dtype, n);
}

/** Shape of nested arrays, checking they are rectangular. */
function nestedShape(data: NestedArray, op: string): number[] {
  const shape: number[] = [];
  let level: NestedArray = data;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0] as NestedArray;
  }
  const check = (v: NestedArray, dim: number): void => {
    if (dim === shape.length) {
      if (typeof v !== 'number') throw new TypeError(`${op}: expected numbers, found ${typeof v}`);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[dim]) {
      throw new RangeError(`${op}: nested arrays are not rectangular (expected length ${shape[dim]} at depth ${dim})`);
    }
    v.forEach((c) => check(c, dim + 1));
  };
  check(data, 0);
  return shape;
}

/**
 * A tensor from numbers: flat data with `shape` (row-major), nested arrays, or a single number.
 * @example tensor([1, 2, 3, 4], { shape: [2, 2], requiresGrad: true })
 */
export function tensor(data: NestedArray | ArrayLike<number>, options: TensorOptions = {}): Tensor {
  const dtype = checkDType(options.dtype ?? 'float32', 'tensor');
  let flat: ArrayLike<number>;
  let shape: number[];
  if (typeof data === 'number') {
    flat = [data];
    shape = [];
  } else if (Array.isArray(data) && data.some((v) => Array.isArray(v))) {
    shape = nestedShape(data, 'tensor');
    flat = (data as NestedArray[]).flat(Infinity as 1) as number[];
  } else if (Array.isArray(data) || ArrayBuffer.isView(data)) {
    flat = data as ArrayLike<number>;
    shape = [flat.length];
  } else {
    throw new TypeError(
      `tensor: data must be a number, an array or a typed array, got ${data === null ? 'null' : typeof data}`,
    );
  }
  if (options.shape !== undefined) {
    const s = checkShape(options.shape, 'tensor');
    if (numel(s) !== flat.length) {
      throw new RangeError(`tensor: ${flat.length} values cannot fill shape ${fmtShape(s)} (${numel(s)} elements)`);
    }
    shape = [...s];
  }
  const out = alloc(dtype, flat.length);
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i]!;
    if (typeof v !== 'number') throw new TypeError(`tensor: element ${i} is ${typeof v}, expected a number`);
    if (dtype === 'int32' && !Number.isInteger(v))
      throw new TypeError(`tensor: element ${i} (${v}) is not an integer, as dtype int32 needs`);
    out[i] = v;
  }
  return finish(out, shape, dtype, options.requiresGrad, 'tensor');
}

export function full(shape: readonly number[], value: number, options: CreateOptions = {}): Tensor {
  const s = checkShape(shape, 'full');
  const dtype = checkDType(options.dtype ?? 'float32', 'full');
  const data = alloc(dtype, numel(s));
  if (value !== 0) data.fill(value);
  return finish(data, s, dtype, options.requiresGrad, 'full');
}
export const zeros = (shape: readonly number[], options: CreateOptions = {}): Tensor => full(shape, 0, options);
export const ones = (shape: readonly number[], options: CreateOptions = {}): Tensor => full(shape, 1, options);
export const zerosLike = (t: Tensor, options: CreateOptions = {}): Tensor =>
  full(t.shape, 0, { dtype: t.dtype, ...options });
export const onesLike = (t: Tensor, options: CreateOptions = {}): Tensor =>
  full(t.shape, 1, { dtype: t.dtype, ...options });
export const fullLike = (t: Tensor, value: number, options: CreateOptions = {}): Tensor =>
  full(t.shape, value, { dtype: t.dtype, ...options });

/** Values start, start+step, … below end (torch.arange); `arange(n)` is 0..n-1. */
export function arange(start: number, end?: number, step = 1, options: CreateOptions = {}): Tensor {
  const [lo, hi] = end === undefined ? [0, start] : [start, end];
  if (![lo, hi, step].every(Number.isFinite) || step === 0) {
    throw new RangeError(`arange: start, end and step must be finite and step non-zero, got ${lo}, ${hi}, ${step}`);
  }
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  const dtype = checkDType(options.dtype ?? 'float32', 'arange');
  const data = alloc(dtype, n);
  for (let i = 0; i < n; i++) data[i] = lo + i * step;
  return finish(data, [n], dtype, options.requiresGrad, 'arange');
}

/** `steps` evenly spaced values from start to end inclusive. */
export function linspace(start: number, end: number, steps: number, options: CreateOptions = {}): Tensor {
  if (!Number.isFinite(start) || !Number.isFinite(end))
    throw new RangeError(`linspace: start and end must be finite, got ${start}, ${end}`);
  if (!Number.isInteger(steps) || steps < 0)
    throw new RangeError(`linspace: steps must be a non-negative integer, got ${steps}`);
  const dtype = options.dtype ?? 'float32';
  const data = alloc(dtype, steps);
  const step = steps > 1 ? (end - start) / (steps - 1) : 0;
  // Fill symmetrically from both ends, as torch does, so the last value is exactly `end`.
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) data[i] = i < half ? start + i * step : end - (steps - 1 - i) * step;
  return finish(data, [steps], dtype, options.requiresGrad, 'linspace');
}

function randomFill(
  shape: readonly number[],
  options: RandomOptions,
  op: string,
  draw: (g: Generator) => number,
): Tensor {
  const s = checkShape(shape, op);
  const dtype = checkDType(options.dtype ?? 'float32', op);
  const g = options.generator ?? defaultGenerator;
  const data = alloc(dtype, numel(s));
  for (let i = 0; i < data.length; i++) data[i] = draw(g);
  return finish(data, s, dtype, options.requiresGrad, op);
}

/** Uniform in [0, 1), seeded by `manualSeed` or an explicit `generator`. */
export const rand = (shape: readonly number[], options: RandomOptions = {}): Tensor =>
  randomFill(shape, options, 'rand', (g) => g.random());

/** Standard normal, seeded by `manualSeed` or an explicit `generator`. */
export const randn = (shape: readonly number[], options: RandomOptions = {}): Tensor =>
  randomFill(shape, options, 'randn', (g) => g.normal());

/** Integers in [low, high), int32 unless another dtype is asked for. */
export function randint(low: number, high: number, shape: readonly number[], options: RandomOptions = {}): Tensor {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new RangeError(`randint: expected integers low < high, got low=${low}, high=${high}`);
  }
  return randomFill(shape, { dtype: 'int32', ...options }, 'randint', (g) => g.randint(low, high));
}
