/** safetensors files on disk (Node only; the codec itself in `./safetensors.ts` is browser-safe). */
import { readFileSync, writeFileSync } from 'node:fs';
import {
  decodeSafetensors,
  encodeSafetensors,
  type DecodedSafetensors,
  type SafetensorsEntry,
} from '../safetensors.js';

/**
 * Reads and decodes a `.safetensors` file; errors name the path.
 *
 * @example const { tensors, metadata } = readSafetensorsFile('model.safetensors');
 */
export function readSafetensorsFile(path: string): DecodedSafetensors {
  return decodeSafetensors(readFileSync(path), path);
}

/**
 * Encodes tensors (see {@link encodeSafetensors}) and writes them to `path`.
 *
 * @example writeSafetensorsFile('w.safetensors', { w: { dtype: 'F32', shape: [3], data: new Float32Array(3) } });
 */
export function writeSafetensorsFile(
  path: string,
  entries: Record<string, SafetensorsEntry>,
  metadata?: Record<string, string>,
): void {
  writeFileSync(path, encodeSafetensors(entries, metadata));
}
