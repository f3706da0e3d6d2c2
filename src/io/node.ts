/** The io barrel of the Node entry (`actlab/node`): everything browser-safe, plus reading and writing files. */
export * from './index.js';
export { readSafetensorsFile, writeSafetensorsFile } from './safetensors-file.js';
export { saveStateDict, readStateDict, loadStateDictFile } from './state-file.js';
