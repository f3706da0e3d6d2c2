/**
 * The attack contract, checked in one place: option values (eps, alpha, steps, norm, loss, clip)
 * and the inputs (x inside the clip range, int32 labels, one label per sample). Every error names
 * the attack, the argument, the bad value and what is allowed.
 */
import type { Tensor } from '../tensor/tensor.js';
import type { FloatArray } from '../tensor/dtype.js';
import { fmtShape } from '../tensor/shape.js';
import type { Generator } from '../tensor/random.js';
import type { Module } from '../nn/module.js';

/** A classifier: `forward(x)` returns logits `[N, classes]`. */
export type AttackModel = Module<[Tensor], Tensor>;

export const norms = ['linf', 'l2'] as const;
/** The threat model: an L∞ box or an L2 ball of radius eps around each input. */
export type Norm = (typeof norms)[number];

/** Options every attack takes. */
export interface CommonAttackOptions {
  /** Valid input range, `[lo, hi]` (default `[0, 1]`): inputs must lie in it, outputs are clamped to it. */
  clip?: readonly [number, number];
  /**
   * Run the model in training mode during the attack (default false: eval mode, as torchattacks,
   * so BatchNorm uses its running statistics and dropout is off). The previous mode is restored.
   */
  keepTrainMode?: boolean;
}

/** Options of the attacks that draw random numbers (PGD's random start, APGD's start). */
export interface RandomAttackOptions {
  /** Source of the random start (default: the generator `manualSeed` seeds). */
  generator?: Generator;
}

export function checkEps(eps: unknown, op: string): number {
  if (typeof eps !== 'number' || !Number.isFinite(eps) || eps < 0)
    throw new RangeError(`${op}: eps must be a finite number ≥ 0, got ${String(eps)}`);
  return eps;
}

export function checkPositive(value: unknown, op: string, arg: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw new RangeError(`${op}: ${arg} must be a finite number > 0, got ${String(value)}`);
  return value;
}

export function checkCount(value: unknown, op: string, arg: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    throw new RangeError(`${op}: ${arg} must be an integer ≥ 1, got ${String(value)}`);
  return value;
}

export function checkChoice<T extends string>(value: unknown, op: string, arg: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    throw new RangeError(
      `${op}: unknown ${arg} ${typeof value === 'string' ? `'${value}'` : String(value)} (expected ${allowed.map((a) => `'${a}'`).join(' or ')})`,
    );
  return value as T;
}

export function checkClip(clip: unknown, op: string): [number, number] {
  if (clip === undefined) return [0, 1];
  if (
    !Array.isArray(clip) ||
    clip.length !== 2 ||
    !clip.every((v) => typeof v === 'number' && Number.isFinite(v)) ||
    !((clip[0] as number) < (clip[1] as number))
  )
    throw new RangeError(`${op}: clip must be [lo, hi] with finite lo < hi, got ${JSON.stringify(clip)}`);
  return [clip[0] as number, clip[1] as number];
}

/**
 * Checks x (a float tensor with a batch dim, every value inside `clip`) and y (int32 labels, one
 * per sample). Labels against the class count are checked once the logits are known.
 */
export function checkInputs(x: Tensor, y: Tensor, clip: readonly [number, number], op: string): void {
  if (x === null || typeof x !== 'object' || !('dtype' in x))
    throw new TypeError(`${op}: x must be a Tensor, got ${x === null ? 'null' : typeof x}`);
  if (x.dtype !== 'float32' && x.dtype !== 'float64')
    throw new TypeError(`${op}: x must be a float32 or float64 tensor, got ${x.dtype}`);
  if (x.ndim < 2)
    throw new RangeError(`${op}: x must have a batch dim, [N, ...features], got shape ${fmtShape(x.shape)}`);
  if (y === null || typeof y !== 'object' || !('dtype' in y))
    throw new TypeError(`${op}: y must be a Tensor of int32 labels, got ${y === null ? 'null' : typeof y}`);
  if (y.dtype !== 'int32')
    throw new TypeError(`${op}: y must hold int32 class labels, got dtype ${y.dtype} (create it with dtype: 'int32')`);
  if (y.ndim !== 1 || y.shape[0] !== x.shape[0])
    throw new RangeError(
      `${op}: y must have one label per sample, shape [${x.shape[0]}], got ${fmtShape(y.shape)} for x ${fmtShape(x.shape)}`,
    );
  const [lo, hi] = clip;
  const d = x.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (!(v >= lo && v <= hi))
      throw new RangeError(
        `${op}: x must lie in the clip range [${lo}, ${hi}], but x[${i}] = ${v}; scale inputs to [${lo}, ${hi}] and put any normalisation inside the model`,
      );
  }
}

/** Checks the model's output for a batch of `n`: logits `[n, classes]`, and every label `< classes`. */
export function checkLogits(logits: Tensor, y: Int32Array, n: number, op: string): number {
  if (logits.ndim !== 2 || logits.shape[0] !== n)
    throw new RangeError(
      `${op}: model.forward(x) must return logits of shape [N, classes] = [${n}, classes], got ${fmtShape(logits.shape)}`,
    );
  const classes = logits.shape[1]!;
  if (classes < 2) throw new RangeError(`${op}: the model returns ${classes} class(es); an attack needs at least 2`);
  for (let i = 0; i < y.length; i++) {
    const c = y[i]!;
    if (c < 0 || c >= classes)
      throw new RangeError(
        `${op}: label y[${i}] = ${c} is out of range for ${classes} classes (expected 0..${classes - 1})`,
      );
  }
  return classes;
}

/** A new array of the same kind as `like` (Float32Array or Float64Array): attack state keeps x's dtype. */
export function newLike(like: FloatArray, length = like.length): FloatArray {
  return like instanceof Float64Array ? new Float64Array(length) : new Float32Array(length);
}

/** Labels as a plain Int32Array (the attack loops index them per sample). */
export const labelsOf = (y: Tensor): Int32Array => y.data as Int32Array;
