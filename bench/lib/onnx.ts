/**
 * A minimal ONNX model writer for the benchmark: just enough protobuf (varints, length-delimited
 * fields, packed floats) to encode a graph of a few nodes with float32 inputs, outputs and scalar
 * or vector initializers. Field numbers are those of onnx.proto (ModelProto, GraphProto,
 * NodeProto, AttributeProto, ValueInfoProto, TypeProto, TensorShapeProto, TensorProto).
 */

/** Protobuf bytes of one message, written field by field. */
class Writer {
  readonly bytes: number[] = [];
  varint(v: number | bigint): this {
    let x = BigInt.asUintN(64, BigInt(v));
    do {
      let b = Number(x & 0x7fn);
      x >>= 7n;
      if (x !== 0n) b |= 0x80;
      this.bytes.push(b);
    } while (x !== 0n);
    return this;
  }
  tag(field: number, wire: number): this {
    return this.varint((field << 3) | wire);
  }
  int(field: number, v: number): this {
    return this.tag(field, 0).varint(v);
  }
  float(field: number, v: number): this {
    this.tag(field, 5);
    const b = new Uint8Array(new Float32Array([v]).buffer);
    this.bytes.push(...b);
    return this;
  }
  bytesField(field: number, data: ArrayLike<number>): this {
    this.tag(field, 2).varint(data.length);
    for (let i = 0; i < data.length; i++) this.bytes.push(data[i]!);
    return this;
  }
  string(field: number, s: string): this {
    return this.bytesField(field, new TextEncoder().encode(s));
  }
  message(field: number, m: Writer): this {
    return this.bytesField(field, m.bytes);
  }
}

export type OnnxAttribute = number | number[] | string | { float: number };

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  /** Integers are written as INT, `{ float }` (or a non-integer number) as FLOAT, arrays as INTS, strings as STRING. */
  attributes?: Record<string, OnnxAttribute>;
}

export interface OnnxGraph {
  nodes: OnnxNode[];
  /** Graph inputs: name → shape (float32). */
  inputs: Record<string, number[]>;
  outputs: Record<string, number[]>;
  /** Constant float32 tensors: name → { dims, values }. */
  initializers?: Record<string, { dims: number[]; values: number[] }>;
  opset: number;
}

const FLOAT = 1; // TensorProto.DataType.FLOAT
const ATTR_FLOAT = 1,
  ATTR_INT = 2,
  ATTR_STRING = 3,
  ATTR_INTS = 7;

function valueInfo(name: string, shape: number[]): Writer {
  const shapeMsg = new Writer();
  for (const d of shape) shapeMsg.message(1, new Writer().int(1, d)); // dim { dim_value }
  const tensorType = new Writer().int(1, FLOAT).message(2, shapeMsg);
  return new Writer().string(1, name).message(2, new Writer().message(1, tensorType));
}

function attribute(name: string, v: OnnxAttribute): Writer {
  const w = new Writer().string(1, name);
  if (typeof v === 'string') return w.bytesField(4, new TextEncoder().encode(v)).int(20, ATTR_STRING);
  if (Array.isArray(v)) {
    for (const i of v) w.int(8, i);
    return w.int(20, ATTR_INTS);
  }
  if (typeof v === 'object') return w.float(2, v.float).int(20, ATTR_FLOAT);
  return Number.isInteger(v) ? w.int(3, v).int(20, ATTR_INT) : w.float(2, v).int(20, ATTR_FLOAT);
}

/** The serialized ModelProto (IR version 8). */
export function encodeOnnxModel(g: OnnxGraph): Uint8Array {
  const graph = new Writer();
  g.nodes.forEach((n, k) => {
    const node = new Writer();
    for (const i of n.inputs) node.string(1, i);
    for (const o of n.outputs) node.string(2, o);
    node.string(3, `n${k}`).string(4, n.op);
    for (const [name, v] of Object.entries(n.attributes ?? {})) node.message(5, attribute(name, v));
    graph.message(1, node);
  });
  graph.string(2, 'bench');
  for (const [name, t] of Object.entries(g.initializers ?? {})) {
    const tensor = new Writer();
    for (const d of t.dims) tensor.int(1, d);
    tensor.int(2, FLOAT).string(8, name);
    tensor.bytesField(9, new Uint8Array(new Float32Array(t.values).buffer)); // raw_data
    graph.message(5, tensor);
  }
  for (const [name, shape] of Object.entries(g.inputs)) graph.message(11, valueInfo(name, shape));
  for (const [name, shape] of Object.entries(g.outputs)) graph.message(12, valueInfo(name, shape));
  const model = new Writer().int(1, 8).string(2, 'actlab-bench').message(7, graph);
  model.message(8, new Writer().string(1, '').int(2, g.opset));
  return new Uint8Array(model.bytes);
}
