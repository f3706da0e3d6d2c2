/**
 * Model folders on disk (Node only): `dir/model.json` + `dir/model.safetensors`, written
 * atomically, so a model leaves one command (`actlab train`) and enters another.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyModule } from '../../nn/module.js';
import type { Layer } from '../../nn/container.js';
import { writeFileAtomic } from './atomic-file.js';
import { fromJsonText } from '../json.js';
import { decodeModel, encodeModel, parseModelJson, type ModelInfo, type ModelJson } from '../model-json.js';
import { ModelFileError } from '../module-kinds.js';

export const MODEL_JSON = 'model.json';
export const MODEL_WEIGHTS = 'model.safetensors';

/**
 * Writes `dir/model.json` and `dir/model.safetensors` (the folder is created). The weights are
 * written first, so a folder whose model.json exists has its weights.
 * @example io.saveModel('runs/mnist-cnn', model, { builder: spec })
 */
export function saveModel(dir: string, model: AnyModule, info: ModelInfo = {}): { json: string; weights: string } {
  const { json, weights } = encodeModel(model, info);
  mkdirSync(dir, { recursive: true });
  const paths = { json: join(dir, MODEL_JSON), weights: join(dir, MODEL_WEIGHTS) };
  writeFileAtomic(paths.weights, weights);
  writeFileAtomic(paths.json, json);
  return paths;
}

/** Why `dir` is not a model folder, or null when it is one. */
export function modelDirProblem(dir: string): string | null {
  if (!existsSync(dir)) return `${dir} does not exist`;
  if (!statSync(dir).isDirectory()) return `${dir} is a file, not a model folder`;
  if (!existsSync(join(dir, MODEL_JSON))) {
    return existsSync(join(dir, MODEL_WEIGHTS))
      ? `${dir} has ${MODEL_WEIGHTS} but no ${MODEL_JSON} (weights without the architecture, as older actlab versions wrote)`
      : `${dir} has no ${MODEL_JSON}`;
  }
  if (!existsSync(join(dir, MODEL_WEIGHTS))) return `${dir} has ${MODEL_JSON} but no ${MODEL_WEIGHTS}`;
  return null;
}

/** The parsed and checked `dir/model.json`. */
export function readModelJson(dir: string): ModelJson {
  const problem = modelDirProblem(dir);
  if (problem) throw new ModelFileError(`${problem}; a model folder holds ${MODEL_JSON} and ${MODEL_WEIGHTS}`);
  const path = join(dir, MODEL_JSON);
  let raw: unknown;
  try {
    raw = fromJsonText(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ModelFileError(`${path}: not valid JSON (${(err as Error).message})`, { cause: err });
  }
  return parseModelJson(raw, path);
}

/**
 * The model saved in `dir` (by {@link saveModel} or `actlab train`), weights loaded.
 * @throws ModelFileError when the folder, model.json or the weights are missing or do not match.
 * @example const model = io.loadModel('runs/mnist-cnn'); model.eval();
 */
export function loadModel(dir: string): Layer {
  const json = readModelJson(dir);
  return decodeModel(json, readFileSync(join(dir, MODEL_WEIGHTS)), join(dir, 'model'));
}
