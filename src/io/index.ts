/**
 * Saving and loading: safetensors (the format PyTorch and Hugging Face use) and module state
 * dicts, as bytes (browser-safe). Files: `./node.ts`, part of the Node entry `actlab/node`.
 */
export { encodeSafetensors, decodeSafetensors, SafetensorsError } from './safetensors.js';
export type {
  SafetensorsEntry,
  SafetensorsTensor,
  DecodedSafetensors,
  SafetensorsDtype,
  NumericArray,
} from './safetensors.js';
export { stateDictEntries, tensorsFromSafetensors, encodeStateDict, decodeStateDict } from './state.js';
export type { SaveOptions } from './state.js';
