/**
 * Model folders on the command line: a command that takes a trained model (`train --from DIR`,
 * and the commands to come that attack or export one) loads it here, so a folder without
 * model.json — or with one that does not load — is ONE line saying what to pass (exit code 2).
 */
import type { Layer } from '../nn/container.js';
import type { ModelJson } from '../io/model-json.js';
import { loadModel, MODEL_JSON, MODEL_WEIGHTS, modelDirProblem, readModelJson } from '../io/node/model-file.js';
import { ModelFileError } from '../io/module-kinds.js';
import { SafetensorsError } from '../io/safetensors.js';
import { UsageError } from './errors.js';

/** What to pass, said once for every command. */
const WHAT = `pass a folder written by actlab train --out (it holds ${MODEL_JSON} and ${MODEL_WEIGHTS}), or by io.saveModel`;

/**
 * The model saved in `dir` and its model.json.
 * @throws UsageError naming `option`, the folder, what is wrong and what to pass.
 */
export function loadModelDir(dir: string, option: string): { model: Layer; json: ModelJson } {
  const problem = modelDirProblem(dir);
  if (problem) throw new UsageError(`${option} ${dir}: ${problem}; ${WHAT}`);
  try {
    const json = readModelJson(dir);
    return { model: loadModel(dir), json };
  } catch (err) {
    if (err instanceof ModelFileError || err instanceof SafetensorsError)
      throw new UsageError(`${option} ${dir}: ${err.message}`);
    throw err;
  }
}
