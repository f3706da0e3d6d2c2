/** Writing .onnx files (Node only): `saveOnnx(path, model, options)`, atomically. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AnyModule } from '../../nn/module.js';
import { writeFileAtomic } from './atomic-file.js';
import { toOnnx, type ToOnnxOptions } from '../onnx/to-onnx.js';

/**
 * Writes `model` as an ONNX file at `path` (its folder is created); returns the file's size in bytes.
 * @example io.saveOnnx('model.onnx', model, { inputShape: [-1, 784] })
 */
export function saveOnnx(path: string, model: AnyModule, options: ToOnnxOptions): number {
  const bytes = toOnnx(model, options);
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, bytes);
  return bytes.length;
}
