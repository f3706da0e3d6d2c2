/** Saving and loading: safetensors (the format PyTorch and Hugging Face use), module state dicts, model files (model.json + model.safetensors) and checkpoints. */
export { encodeSafetensors, decodeSafetensors, SafetensorsError } from './safetensors.js';
export type {
  SafetensorsEntry,
  SafetensorsTensor,
  DecodedSafetensors,
  SafetensorsDtype,
  NumericArray,
} from './safetensors.js';
export { readSafetensorsFile, writeSafetensorsFile } from './safetensors-file.js';
export { stateDictEntries, tensorsFromSafetensors, encodeStateDict, decodeStateDict } from './state.js';
export { saveStateDict, readStateDict, loadStateDictFile } from './state-file.js';
export type { SaveOptions } from './state.js';
export { toJsonText, fromJsonText } from './json.js';
export type { JsonValue } from './json.js';
export { registerModuleKind, moduleKinds, ModelFileError } from './module-kinds.js';
export type { ModuleKind, ModuleJson, KindContext } from './module-kinds.js';
export { modelToJson, modelFromJson, parseModelJson, encodeModel, decodeModel, MODEL_FORMAT } from './model-json.js';
export type { ModelJson, ModelInfo, ModelInput, BuilderSpec } from './model-json.js';
export { saveModel, loadModel, readModelJson, modelDirProblem, MODEL_JSON, MODEL_WEIGHTS } from './model-file.js';
export { writeFileAtomic } from './atomic-file.js';
export {
  encodeCheckpoint,
  decodeCheckpoint,
  restoreCheckpoint,
  checkpointGenerators,
  CheckpointError,
  CHECKPOINT_FORMAT,
} from './checkpoint.js';
export type { Checkpoint, CheckpointParts, CheckpointInfo } from './checkpoint.js';
export { saveCheckpoint, loadCheckpoint, readCheckpoint, checkpointWriter } from './checkpoint-file.js';
