/**
 * An activation's ONNX form, as its spec declares it (`onnx` in defineActivation): a function that
 * writes the activation into the graph being exported, given the graph's value-level API below.
 * It receives the input value `x` (a name and a shape), the parameter values and, for a learned
 * parameter (PReLU's weight, a learnable β), its initializer shaped to broadcast against x's
 * channel dim 1; it returns the value holding the output, adding nodes with `g.op(...)` and
 * constants with `g.constant(...)`. It reads `g.opset` to use a native op only where the opset
 * being written has it, and decomposes exactly otherwise. The exporter itself (protobuf, model
 * graph, layers) lives in src/io/onnx; this file is only the contract, so that a spec — built-in
 * or a user's — declares its ONNX form without importing the exporter.
 *
 * Shapes are tracked so that a form can read ranks and static sizes (a Split along `dim`);
 * sizes known only at run time are strings (`'N'`).
 */

import { normalizeDim } from '../tensor/shape.js';

/** One dimension: a static size, or a symbolic name for a size known only at run time. */
export type OnnxDim = number | string;

/** Element type of a value. */
export type OnnxElemType = 'float' | 'int64' | 'bool';

/** A value of the graph (an input, an initializer or a node output). */
export interface OnnxValue {
  readonly name: string;
  readonly shape: readonly OnnxDim[];
  readonly type: OnnxElemType;
}

/** An integer attribute (ONNX distinguishes INT from FLOAT; a bare number is a FLOAT). */
export interface OnnxInt {
  readonly int: number;
}
export interface OnnxInts {
  readonly ints: readonly number[];
}
export interface OnnxFloats {
  readonly floats: readonly number[];
}
/** An attribute value: a number is FLOAT, a string STRING; integers via `g.int(v)`, lists via `g.ints`/`g.floats`. */
export type OnnxAttribute = number | string | OnnxInt | OnnxInts | OnnxFloats;
export type OnnxAttributes = Readonly<Record<string, OnnxAttribute>>;

export interface OnnxOutputSpec {
  /** Output shape (default: the broadcast of the inputs' shapes). */
  readonly shape?: readonly OnnxDim[];
  /** Output element type (default: the first non-bool input's). */
  readonly type?: OnnxElemType;
}

/** The graph under construction, as emitters use it. */
export interface OnnxBuilder {
  /** The opset being written (ai.onnx domain): emit a native op only where it exists. */
  readonly opset: number;
  /** Adds one node with one output. A `null` input is an omitted optional input. */
  op(
    type: string,
    inputs: readonly (OnnxValue | null)[],
    attributes?: OnnxAttributes,
    output?: OnnxOutputSpec,
  ): OnnxValue;
  /** Adds one node with several outputs. */
  ops(
    type: string,
    inputs: readonly (OnnxValue | null)[],
    attributes: OnnxAttributes,
    outputs: readonly OnnxOutputSpec[],
  ): OnnxValue[];
  /**
   * A constant (an initializer): a scalar by default, or `dims`. Floats are stored as float32.
   * @example g.op('Mul', [x, g.constant(0.5)])
   */
  constant(values: number | readonly number[], options?: { dims?: readonly number[]; type?: OnnxElemType }): OnnxValue;
  /** An INT attribute. */
  int(v: number): OnnxInt;
  /** An INTS attribute. */
  ints(v: readonly number[]): OnnxInts;
  /** A FLOATS attribute. */
  floats(v: readonly number[]): OnnxFloats;
  /** ReduceMax/ReduceSum/ReduceMean… over `axes` (an attribute before the op's opset-18/13 change, an input after). */
  reduce(
    type: 'ReduceMax' | 'ReduceMin' | 'ReduceSum' | 'ReduceMean',
    x: OnnxValue,
    axes: readonly number[],
    keepdims: boolean,
  ): OnnxValue;
  /** Splits `x` into `parts` equal pieces along `axis` (opset 18 needs `num_outputs`; 13 splits evenly by default). */
  split(x: OnnxValue, axis: number, parts: number): OnnxValue[];
}

/** An activation's ONNX form: writes it into `g` for input `x`; returns the output value. */
export type OnnxForm<P> = (g: OnnxBuilder, x: OnnxValue, p: P, learned?: OnnxValue) => OnnxValue;

/**
 * log(1 + t) without float32's cancellation for small t (ONNX has no Log1p): with u = 1 + t
 * rounded, log(u)·t/(u − 1) is accurate to a few ulps (Goldberg, "What every computer scientist
 * should know about floating-point arithmetic", Theorem 4); u = 1 exactly means log1p(t) = t.
 */
export function onnxLog1p(g: OnnxBuilder, t: OnnxValue): OnnxValue {
  const u = g.op('Add', [t, g.constant(1)]);
  const um1 = g.op('Sub', [u, g.constant(1)]);
  const isOne = g.op('Equal', [um1, g.constant(0)], {}, { type: 'bool' });
  // Where picks t at u = 1; the other branch's 0/0 there is computed but not used.
  const ratio = g.op('Div', [t, um1]);
  return g.op('Where', [isOne, t, g.op('Mul', [g.op('Log', [u]), ratio])]);
}

/** The `dim` parameter as an INT `axis` attribute, checked against x's rank. */
export function onnxAxis(g: OnnxBuilder, x: OnnxValue, dim: number, id: string): OnnxInt {
  normalizeDim(dim, x.shape.length, id);
  return g.int(dim);
}

/** A static size along `axis`, or an error naming what needed it. */
export function onnxStaticSize(x: OnnxValue, axis: number, what: string): number {
  const size = x.shape[axis];
  if (typeof size !== 'number')
    throw new RangeError(`${what}: the size of dim ${axis} must be static to export, got '${String(size)}'`);
  return size;
}
