/**
 * The ONNX graph under construction: nodes, initializers, the input and the output, with unique
 * names scoped by the module being exported (`/3/Gemm`, like torch.onnx). `OnnxGraph` implements
 * the emitters' view ({@link OnnxBuilder}) and turns into a ModelProto at the end.
 */
import { littleEndianBytes } from '../byte-order.js';
import {
  AttributeType,
  DataType,
  type AttributeMessage,
  type DimMessage,
  type ModelMessage,
  type NodeMessage,
  type TensorMessage,
  type ValueInfoMessage,
} from './proto.js';
import {
  broadcastShapes,
  type OnnxAttribute,
  type OnnxAttributes,
  type OnnxBuilder,
  type OnnxDim,
  type OnnxElemType,
  type OnnxFloats,
  type OnnxInt,
  type OnnxInts,
  type OnnxOutputSpec,
  type OnnxValue,
} from './builder.js';

/** Opsets this exporter writes. 13 is the first with today's Softmax (one axis), Split and ReduceSum inputs. */
export const MIN_OPSET = 13;
/** The highest opset it writes: the newest onnxruntime-node 1.30 loads ("official support … till opset 26"). */
export const MAX_OPSET = 26;

/**
 * The IR version to declare for an opset: the one ONNX released it with (onnx/helper.py's
 * VERSION_TABLE), never below 8 — IR 8 is what ONNX 1.12's checker and every runtime since read.
 */
export function irVersionFor(opset: number): number {
  if (opset <= 18) return 8;
  if (opset <= 20) return 9;
  if (opset <= 22) return 10;
  if (opset === 23) return 11;
  if (opset === 24) return 12;
  return 13;
}

const ELEM: Record<OnnxElemType, number> = { float: DataType.FLOAT, int64: DataType.INT64, bool: DataType.BOOL };

function attribute(name: string, v: OnnxAttribute): AttributeMessage {
  if (typeof v === 'number') return { name, type: AttributeType.FLOAT, f: v };
  if (typeof v === 'string') return { name, type: AttributeType.STRING, s: new TextEncoder().encode(v) };
  if ('int' in v) return { name, type: AttributeType.INT, i: v.int };
  if ('ints' in v) return { name, type: AttributeType.INTS, ints: [...v.ints] };
  return { name, type: AttributeType.FLOATS, floats: [...v.floats] };
}

function dims(shape: readonly OnnxDim[]): DimMessage[] {
  return shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
}

function valueInfo(v: OnnxValue): ValueInfoMessage {
  return { name: v.name, type: { tensorType: { elemType: ELEM[v.type], shape: { dim: dims(v.shape) } } } };
}

/** Little-endian bytes of `values` stored as `type`. */
function tensorBytes(values: ArrayLike<number>, type: OnnxElemType): Uint8Array {
  if (type === 'float') return littleEndianBytes(Float32Array.from(values), 4).slice();
  if (type === 'bool') return Uint8Array.from(values, (v) => (v ? 1 : 0));
  const ints = BigInt64Array.from(Array.from(values, (v) => BigInt(v)));
  return littleEndianBytes(ints, 8).slice();
}

export class OnnxGraph implements OnnxBuilder {
  private readonly nodes: NodeMessage[] = [];
  private readonly initializers: TensorMessage[] = [];
  private readonly used = new Set<string>();
  private scopeName = '';

  constructor(readonly opset: number) {}

  /** Runs `fn` with node names prefixed by `/name` (the module's path). */
  scoped<T>(name: string, fn: () => T): T {
    const outer = this.scopeName;
    this.scopeName = `${outer}/${name}`;
    try {
      return fn();
    } finally {
      this.scopeName = outer;
    }
  }

  /** A name not used yet, `base` itself when free. */
  private unique(base: string): string {
    let name = base;
    for (let n = 1; this.used.has(name); n++) name = `${base}_${n}`;
    this.used.add(name);
    return name;
  }

  /** The graph input. */
  input(name: string, shape: readonly OnnxDim[]): OnnxValue {
    return { name: this.unique(name), shape: [...shape], type: 'float' };
  }

  /** A named initializer: a module's weight (`0.weight`) or a constant. */
  initializer(
    name: string,
    values: ArrayLike<number>,
    shape: readonly number[],
    type: OnnxElemType = 'float',
  ): OnnxValue {
    const n = shape.reduce((a, b) => a * b, 1);
    if (values.length !== n)
      throw new RangeError(`toOnnx: initializer ${name} has ${values.length} values for shape [${shape.join(', ')}]`);
    const unique = this.unique(name);
    this.initializers.push({
      name: unique,
      dims: [...shape],
      dataType: ELEM[type],
      rawData: tensorBytes(values, type),
    });
    return { name: unique, shape: [...shape], type };
  }

  constant(
    values: number | readonly number[],
    options: { dims?: readonly number[]; type?: OnnxElemType } = {},
  ): OnnxValue {
    const list = typeof values === 'number' ? [values] : values;
    const shape = options.dims ?? (typeof values === 'number' ? [] : [list.length]);
    return this.initializer(`${this.scopeName}/const`, list, shape, options.type ?? 'float');
  }

  op(
    type: string,
    inputs: readonly (OnnxValue | null)[],
    attributes: OnnxAttributes = {},
    output: OnnxOutputSpec = {},
  ): OnnxValue {
    return this.ops(type, inputs, attributes, [output])[0]!;
  }

  ops(
    type: string,
    inputs: readonly (OnnxValue | null)[],
    attributes: OnnxAttributes,
    outputs: readonly OnnxOutputSpec[],
  ): OnnxValue[] {
    const present = inputs.filter((v): v is OnnxValue => v !== null);
    const name = this.unique(`${this.scopeName}/${type}`);
    const values = outputs.map((o, i) => ({
      name: this.unique(`${name}_output_${i}`),
      shape: [...(o.shape ?? broadcastShapes(present.map((v) => v.shape)))],
      // Where's condition is its only bool input: the output takes the data inputs' type.
      type: o.type ?? present.find((v) => v.type !== 'bool')?.type ?? 'float',
    }));
    this.nodes.push({
      name,
      opType: type,
      input: inputs.map((v) => v?.name ?? ''),
      output: values.map((v) => v.name),
      attribute: Object.entries(attributes).map(([k, v]) => attribute(k, v)),
    });
    return values;
  }

  /** The op types of the nodes written so far, in order. */
  opTypes(): string[] {
    return this.nodes.map((n) => n.opType);
  }

  int(v: number): OnnxInt {
    return { int: v };
  }
  ints(v: readonly number[]): OnnxInts {
    return { ints: [...v] };
  }
  floats(v: readonly number[]): OnnxFloats {
    return { floats: [...v] };
  }

  reduce(
    type: 'ReduceMax' | 'ReduceMin' | 'ReduceSum' | 'ReduceMean',
    x: OnnxValue,
    axes: readonly number[],
    keepdims: boolean,
  ): OnnxValue {
    const rank = x.shape.length;
    const norm = axes.map((a) => (a < 0 ? a + rank : a));
    const shape = x.shape.flatMap((d, i) => (norm.includes(i) ? (keepdims ? [1] : []) : [d]));
    // ReduceSum took `axes` as an input from opset 13, the others from 18.
    const asInput = type === 'ReduceSum' ? this.opset >= 13 : this.opset >= 18;
    const attrs = { keepdims: this.int(keepdims ? 1 : 0) };
    return asInput
      ? this.op(type, [x, this.constant(axes, { type: 'int64' })], attrs, { shape })
      : this.op(type, [x], { ...attrs, axes: this.ints(axes) }, { shape });
  }

  split(x: OnnxValue, axis: number, parts: number): OnnxValue[] {
    const rank = x.shape.length;
    const a = axis < 0 ? axis + rank : axis;
    const size = x.shape[a];
    const piece = typeof size === 'number' ? size / parts : `${size}/${parts}`;
    const shape = x.shape.map((d, i) => (i === a ? piece : d));
    const attrs: OnnxAttributes =
      this.opset >= 18 ? { axis: this.int(axis), num_outputs: this.int(parts) } : { axis: this.int(axis) };
    return this.ops(
      'Split',
      [x],
      attrs,
      Array.from({ length: parts }, () => ({ shape })),
    );
  }

  /** The ModelProto with `output` as the graph output, renamed `outputName` (through an Identity when it is not a node's output). */
  finish(
    input: OnnxValue,
    output: OnnxValue,
    info: {
      outputName: string;
      docString?: string;
      producerVersion: string;
      metadata?: Readonly<Record<string, string>>;
    },
  ): ModelMessage {
    const name = this.used.has(info.outputName) ? this.unique(info.outputName) : info.outputName;
    this.used.add(name);
    if (this.nodes.some((n) => n.output.includes(output.name))) {
      for (const n of this.nodes) {
        n.output = n.output.map((o) => (o === output.name ? name : o));
        n.input = n.input.map((o) => (o === output.name ? name : o));
      }
    } else {
      this.nodes.push({
        name: this.unique('/Identity'),
        opType: 'Identity',
        input: [output.name],
        output: [name],
        attribute: [],
      });
    }
    const out: OnnxValue = { ...output, name };
    return {
      irVersion: irVersionFor(this.opset),
      opsetImport: [{ domain: '', version: this.opset }],
      producerName: 'actlab',
      producerVersion: info.producerVersion,
      ...(info.docString ? { docString: info.docString } : {}),
      graph: {
        name: 'actlab',
        node: this.nodes,
        initializer: this.initializers,
        input: [valueInfo(input)],
        output: [valueInfo(out)],
      },
      metadataProps: Object.entries(info.metadata ?? {}).map(([key, value]) => ({ key, value })),
    };
  }
}
