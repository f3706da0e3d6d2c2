/**
 * Saving and loading: safetensors (the format PyTorch and Hugging Face use), module state dicts,
 * model files (model.json + model.safetensors) and checkpoints, as bytes (browser-safe). Files:
 * `./node.ts`, part of the Node entry `actlab/node`.
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
export { toJsonText, fromJsonText } from './json.js';
export type { JsonValue } from './json.js';
export { registerModuleKind, moduleKinds, ModelFileError } from './module-kinds.js';
export type { ModuleKind, ModuleJson, KindContext } from './module-kinds.js';
export { modelToJson, modelFromJson, parseModelJson, encodeModel, decodeModel, MODEL_FORMAT } from './model-json.js';
export type { ModelJson, ModelInfo, ModelInput, BuilderSpec } from './model-json.js';
export {
  encodeCheckpoint,
  decodeCheckpoint,
  restoreCheckpoint,
  checkpointGenerators,
  CheckpointError,
  CHECKPOINT_FORMAT,
} from './checkpoint.js';
export type { Checkpoint, CheckpointParts, CheckpointInfo } from './checkpoint.js';
