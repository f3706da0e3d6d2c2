/** Saving and loading: safetensors (the format PyTorch and Hugging Face use) and module state dicts. */
export { encodeSafetensors, decodeSafetensors, SafetensorsError } from './safetensors.js';
export type {
  SafetensorsEntry,
  SafetensorsTensor,
  DecodedSafetensors,
  SafetensorsDtype,
  NumericArray,
} from './safetensors.js';
export { readSafetensorsFile, writeSafetensorsFile } from './safetensors-file.js';
export {
  stateDictEntries,
  tensorsFromSafetensors,
  encodeStateDict,
  decodeStateDict,
  saveStateDict,
  readStateDict,
  loadStateDictFile,
} from './state.js';
export type { SaveOptions } from './state.js';
