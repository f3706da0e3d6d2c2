/**
 * What an activation's ONNX emitter sees: the graph under construction, as a small value-level
 * API. An emitter receives the input value `x` (a name and a shape) and returns the value that
 * holds the activation's output, adding nodes with `g.op(...)` and constants with `g.constant(...)`.
 * Shapes are tracked so that emitters can read ranks and static sizes (a Split along `dim`) and so
 * the graph's output is declared with its shape; `-1`-style unknown sizes are strings (`'N'`).
 */

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

/** `axis` (negative counts from the end) as an index into a shape of `rank` dims; throws when out of range. */
export function normalizeAxis(axis: number, rank: number, what: string): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(axis) || a < 0 || a >= rank) {
    throw new RangeError(
      `${what}: dim ${axis} is out of range for a tensor of ${rank} dimensions (expected ${-rank}..${rank - 1})`,
    );
  }
  return a;
}

/** The numpy broadcast of shapes (symbolic dims broadcast with 1 and with themselves). */
export function broadcastShapes(shapes: readonly (readonly OnnxDim[])[]): OnnxDim[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: OnnxDim[] = [];
  for (let i = 0; i < rank; i++) {
    let d: OnnxDim = 1;
    for (const s of shapes) {
      const e = s[s.length - rank + i];
      if (e === undefined || e === 1) continue;
      if (d === 1) d = e;
      else if (d !== e) {
        if (typeof d === 'number' && typeof e === 'number')
          throw new RangeError(`toOnnx: shapes [${shapes.map((x) => x.join(', ')).join('] and [')}] do not broadcast`);
        if (typeof d === 'string') d = e; // a static size is the better guess for a symbolic one
      }
    }
    out.push(d);
  }
  return out;
}
