/** The io barrel of the Node entry (`actlab/node`): everything browser-safe, plus reading and writing files. */
export * from '../index.js';
export { readSafetensorsFile, writeSafetensorsFile } from './safetensors-file.js';
export { saveStateDict, readStateDict, loadStateDictFile } from './state-file.js';
export { saveModel, loadModel, readModelJson, modelDirProblem, MODEL_JSON, MODEL_WEIGHTS } from './model-file.js';
export { saveCheckpoint, loadCheckpoint, readCheckpoint, checkpointWriter } from './checkpoint-file.js';
export { writeFileAtomic } from './atomic-file.js';
export { saveOnnx } from './onnx-file.js';
