/** ONNX export: `toOnnx` (browser-safe), the exporter registry, and the builder API activation emitters use. */
export { toOnnx, DEFAULT_OPSET } from './to-onnx.js';
export type { ToOnnxOptions } from './to-onnx.js';
export { MIN_OPSET, MAX_OPSET } from './graph.js';
export { onnxFormOps, onnxFormsByOpset, summarizeOps } from './describe.js';
export type { OnnxFormRange } from './describe.js';
export { OnnxExportError, registerOnnxExporter, onnxExporters } from './module-exporters.js';
export type { OnnxModuleExporter, OnnxExportContext, TensorData } from './module-exporters.js';
export type {
  OnnxBuilder,
  OnnxValue,
  OnnxDim,
  OnnxElemType,
  OnnxAttribute,
  OnnxAttributes,
  OnnxOutputSpec,
  OnnxForm,
} from './builder.js';
