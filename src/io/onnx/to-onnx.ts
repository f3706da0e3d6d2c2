/**
 * `toOnnx(model, { inputShape, opset })`: an actlab model as the bytes of a .onnx file, in eval-mode
 * semantics, float32. Browser-safe; `saveOnnx` (io/node/onnx-file.ts) writes it to disk in Node.
 */
import type { AnyModule } from '../../nn/module.js';
import type { OnnxDim, OnnxValue } from './builder.js';
import { OnnxGraph, MAX_OPSET, MIN_OPSET } from './graph.js';
import { exporterOf, onnxExporters, OnnxExportError, type OnnxExportContext } from './module-exporters.js';
import { encodeModelProto } from './proto.js';

export const DEFAULT_OPSET = 17;

export interface ToOnnxOptions {
  /**
   * The input's shape, batch dim included: `[-1, 784]`, `[-1, 1, 28, 28]`. `-1` (or a name such as
   * `'batch'`) marks a size known only at run time; a -1 first dim is named `N`.
   */
  inputShape: readonly (number | string)[];
  /** ai.onnx opset to write, 13..26 (default 17). Native ops newer than it are decomposed. */
  opset?: number;
  /**
   * The scaling `x ↦ (x − shift) / scale` applied to raw inputs before training (model.json's
   * `input.standardize`): written as a leading Sub and Div, so the ONNX model takes raw inputs.
   * One value for all features, or one per feature of a sample.
   */
  standardize?: { readonly shift: readonly number[]; readonly scale: readonly number[] };
  /** Graph input and output names (default `input`, `output`). */
  inputName?: string;
  outputName?: string;
  /** Free text stored as the model's doc_string. */
  docString?: string;
  /** Key–value pairs stored as the model's metadata_props. */
  metadata?: Readonly<Record<string, string>>;
  /** The producer version to record (default: none). */
  producerVersion?: string;
}

const show = (v: unknown): string => JSON.stringify(v) ?? String(v);

function checkOpset(opset: unknown): number {
  if (!Number.isInteger(opset) || (opset as number) < MIN_OPSET || (opset as number) > MAX_OPSET) {
    throw new RangeError(
      `toOnnx: opset ${show(opset)} is not supported (expected an integer ${MIN_OPSET}..${MAX_OPSET}; ` +
        `${MAX_OPSET} is the newest onnxruntime-node 1.30 runs)`,
    );
  }
  return opset as number;
}

function inputDims(shape: unknown): OnnxDim[] {
  if (!Array.isArray(shape) || shape.length === 0) {
    throw new TypeError(
      `toOnnx: inputShape must be a non-empty array with the batch dim first, e.g. [-1, 784], got ${show(shape)}`,
    );
  }
  return shape.map((d: unknown, i) => {
    if (d === -1) return i === 0 ? 'N' : `d${i}`;
    if (typeof d === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(d)) return d;
    if (Number.isInteger(d) && (d as number) >= 1) return d as number;
    throw new RangeError(
      `toOnnx: inputShape[${i}] is ${show(d)}; each dim must be a positive integer, -1 or a name (dynamic)`,
    );
  });
}

/** The leading Sub/Div of `standardize`, shaped to broadcast over one sample. */
function standardizeInput(g: OnnxGraph, x: OnnxValue, s: NonNullable<ToOnnxOptions['standardize']>): OnnxValue {
  const sample = x.shape.slice(1);
  const n = sample.every((d) => typeof d === 'number') ? (sample as number[]).reduce((a, b) => a * b, 1) : NaN;
  const { shift, scale } = s;
  if (!Array.isArray(shift) || !Array.isArray(scale) || shift.length !== scale.length)
    throw new TypeError(
      `toOnnx: standardize must be { shift, scale } with arrays of equal length, got ${show(s).slice(0, 80)}`,
    );
  if (shift.length !== 1 && shift.length !== n)
    throw new RangeError(
      `toOnnx: standardize has ${shift.length} values; expected 1 or one per feature of a sample ` +
        `(${Number.isNaN(n) ? 'a static sample shape' : n}) for inputShape [${x.shape.join(', ')}]`,
    );
  const bad = [...shift, ...scale].find((v) => !Number.isFinite(v)) ?? scale.find((v) => v === 0);
  if (bad !== undefined)
    throw new RangeError(`toOnnx: standardize values must be finite and scales non-zero, got ${show(bad)}`);
  const dims = shift.length === 1 ? [] : (sample as number[]);
  return g.scoped('standardize', () => {
    const centred = g.op('Sub', [x, g.initializer('standardize.shift', shift, dims)]);
    return g.op('Div', [centred, g.initializer('standardize.scale', scale, dims)]);
  });
}

/**
 * The model as the bytes of an ONNX file: every library module (Sequential, Linear, Conv2d,
 * MaxPool2d, AvgPool2d, Flatten, Dropout, BatchNorm1d/2d) and every registry activation, with
 * eval-mode semantics whatever the model's mode. Parameters are written as float32.
 * @throws OnnxExportError naming the first module that cannot be exported, and why.
 * @example const bytes = io.toOnnx(model, { inputShape: [-1, 1, 28, 28], opset: 17 });
 */
export function toOnnx(model: AnyModule, options: ToOnnxOptions): Uint8Array {
  if (typeof options !== 'object' || options === null)
    throw new TypeError('toOnnx: options must be an object such as { inputShape: [-1, 784] }');
  const opset = checkOpset(options.opset ?? DEFAULT_OPSET);
  const g = new OnnxGraph(opset);
  const input = g.input(options.inputName ?? 'input', inputDims(options.inputShape));
  const x = options.standardize ? standardizeInput(g, input, options.standardize) : input;

  const exportModule = (m: AnyModule, where: string, prefix: string, value: OnnxValue): OnnxValue => {
    const exporter = exporterOf(m);
    if (!exporter) {
      throw new OnnxExportError(
        `toOnnx: ${where} (${m.constructor.name}) cannot be exported: no ONNX exporter for ${m.constructor.name} ` +
          `(exportable: ${onnxExporters.exporters.map((e) => e.type).join(', ')}); register one with io.registerOnnxExporter`,
      );
    }
    const ctx: OnnxExportContext = {
      g,
      where,
      prefix,
      weight: (name, t, shape) => {
        const dims = shape ?? t.shape;
        return g.initializer(`${prefix}${name}`, t.data, dims);
      },
      child: (child, key, v) => g.scoped(key, () => exportModule(child, `${where}[${key}]`, `${prefix}${key}.`, v)),
    };
    return exporter.export(m, value, ctx);
  };

  const output = exportModule(model, 'model', '', x);
  const message = g.finish(input, output, {
    outputName: options.outputName ?? 'output',
    producerVersion: options.producerVersion ?? '',
    ...(options.docString ? { docString: options.docString } : {}),
    ...(options.metadata ? { metadata: options.metadata } : {}),
  });
  return encodeModelProto(message);
}
