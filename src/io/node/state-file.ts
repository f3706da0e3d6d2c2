/** Module weights in `.safetensors` files (Node only; the in-memory encode/decode in `./state.ts` is browser-safe). */
import type { Tensor } from '../../tensor/tensor.js';
import { readSafetensorsFile, writeSafetensorsFile } from './safetensors-file.js';
import { SafetensorsError } from '../safetensors.js';
import { isModule, stateDictEntries, tensorsFromSafetensors, type AnyStateModule, type SaveOptions } from '../state.js';

/**
 * Writes a module's state dict to a `.safetensors` file (Node).
 * @example saveStateDict(model, 'mnist-mlp.safetensors')
 */
export function saveStateDict(
  state: Record<string, Tensor> | AnyStateModule,
  path: string,
  options: SaveOptions = {},
): void {
  const dict = isModule(state) ? state.stateDict() : state;
  writeSafetensorsFile(path, stateDictEntries(dict, options.dtypes), options.metadata ?? { format: 'pt' });
}

/** Reads a `.safetensors` file as a state dict (Node). */
export function readStateDict(path: string): Record<string, Tensor> {
  let decoded;
  try {
    decoded = readSafetensorsFile(path);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
      throw new SafetensorsError(
        `readStateDict: cannot read '${path}' (${code}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : 'permission denied'})`,
      );
    }
    throw err;
  }
  return tensorsFromSafetensors(decoded.tensors, path);
}

/**
 * Loads a `.safetensors` file into `module` in place (strict by default: missing or unexpected
 * keys and shape mismatches are errors naming the key).
 * @example loadStateDictFile(model, 'mnist-mlp.safetensors')
 */
export function loadStateDictFile(
  module: AnyStateModule,
  path: string,
  options: { strict?: boolean } = {},
): { missingKeys: string[]; unexpectedKeys: string[] } {
  return module.loadStateDict(readStateDict(path), options);
}
