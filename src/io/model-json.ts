/**
 * A model as two files, browser-safe: `model.json` (the architecture as plain data, see
 * module-kinds.ts, plus how it was built and what it expects as input) and `model.safetensors`
 * (its state dict, torch's key names). `modelToJson` / `modelFromJson` convert the architecture;
 * `encodeModel` / `decodeModel` the pair as JSON text and bytes. Node files: model-file.ts.
 */
import type { AnyModule } from '../nn/module.js';
import type { Layer } from '../nn/container.js';
import { fromJsonText, toJsonText, type JsonValue } from './json.js';
import {
  kindOfModule,
  kindOfType,
  moduleKinds,
  ModelFileError,
  type KindContext,
  type ModuleJson,
} from './module-kinds.js';
import { decodeStateDict, encodeStateDict } from './state.js';

export const MODEL_FORMAT = 'actlab-model';
export const MODEL_FORMAT_VERSION = 1;

/** A model builder's spec, as plain data (src/models defines the kinds). */
export type BuilderSpec = { readonly kind: string } & object;

/** What a model takes as input: a sample's shape, and the scaling its training data had. */
export interface ModelInput {
  /** Shape of one sample, e.g. [1, 28, 28]. */
  shape: number[];
  /** The dataset it was trained on. */
  dataset?: string;
  /**
   * The map `x ↦ (x − shift) / scale` applied to raw inputs before training (one value per
   * feature, or one for all): apply it to new data, or put it in front of the model.
   */
  standardize?: { shift: number[]; scale: number[] };
}

/** The content of model.json. */
export interface ModelJson {
  format: typeof MODEL_FORMAT;
  version: number;
  /** The module tree, from which `modelFromJson` rebuilds the network. */
  architecture: ModuleJson;
  /**
   * How it was built (`{ kind: 'cnn', … }`), when a builder of src/models made it: kept as data
   * here; `models.parseModelSpec` checks it.
   */
  builder?: BuilderSpec;
  input?: ModelInput;
  /** Anything else worth keeping (training settings, metrics…). */
  metadata?: Record<string, JsonValue>;
}

/** The optional parts of model.json, given when saving. */
export interface ModelInfo {
  builder?: BuilderSpec;
  input?: ModelInput;
  metadata?: Record<string, JsonValue>;
}

function context(where: string): KindContext {
  return {
    where,
    childToJson: (m, key) => moduleToJson(m, `${where}.${key}`),
    childFromJson: (json, key) => moduleFromJson(json, `${where}.${key}`),
  };
}

function moduleToJson(m: AnyModule, where: string): ModuleJson {
  const kind = kindOfModule(m);
  if (!kind) {
    throw new ModelFileError(
      `${where}: ${m.constructor.name} is not a serialisable module kind (known: ${moduleKinds.kinds.map((k) => k.type).join(', ')}); ` +
        'register it with io.registerModuleKind',
    );
  }
  return { type: kind.type, ...kind.toJson(m, context(where)) };
}

function moduleFromJson(json: unknown, where: string): AnyModule {
  const type = (json as { type?: unknown } | null)?.type;
  if (typeof json !== 'object' || json === null || typeof type !== 'string')
    throw new ModelFileError(`${where}: expected a module object with a string 'type', got ${JSON.stringify(json)}`);
  const kind = kindOfType(type);
  if (!kind) {
    throw new ModelFileError(
      `${where}: unknown module type '${type}' (known: ${moduleKinds.kinds.map((k) => k.type).join(', ')}); ` +
        'a type added by a library must be registered (io.registerModuleKind) before loading',
    );
  }
  try {
    return kind.fromJson(json as Record<string, unknown>, context(where));
  } catch (err) {
    // Errors of nested modules already name their path; add ours to the others.
    if (err instanceof ModelFileError && err.message.startsWith(where)) throw err;
    throw new ModelFileError(`${where} (${type}): ${(err as Error).message}`, { cause: err });
  }
}

/**
 * model.json's content for `model` (any tree of serialisable modules, usually an nn.Sequential).
 * @throws ModelFileError naming the first module that has no registered kind.
 */
export function modelToJson(model: AnyModule, info: ModelInfo = {}): ModelJson {
  const json: ModelJson = {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    architecture: moduleToJson(model, 'architecture'),
  };
  if (info.builder) json.builder = info.builder;
  if (info.input) json.input = info.input;
  if (info.metadata) json.metadata = info.metadata;
  return json;
}

/** Checks the parsed content of a model.json (format, version, builder). */
export function parseModelJson(raw: unknown, source = 'model.json'): ModelJson {
  const r = raw as Partial<ModelJson> | null;
  if (typeof r !== 'object' || r === null || r.format !== MODEL_FORMAT) {
    throw new ModelFileError(`${source}: not an actlab model file (expected "format": "${MODEL_FORMAT}")`);
  }
  if (r.version !== MODEL_FORMAT_VERSION) {
    throw new ModelFileError(
      `${source}: model format version ${String(r.version)}; this actlab reads version ${MODEL_FORMAT_VERSION}`,
    );
  }
  if (r.builder !== undefined && typeof (r.builder as { kind?: unknown } | null)?.kind !== 'string') {
    throw new ModelFileError(`${source}: "builder" must be an object with a string "kind"`);
  }
  return r as ModelJson;
}

/**
 * A freshly initialised module with the architecture of `json` (a ModelJson or model.json's text).
 * Load the weights with `loadStateDict`, or use {@link decodeModel}.
 */
export function modelFromJson(json: ModelJson | string, source = 'model.json'): Layer {
  let parsed: unknown = json;
  if (typeof json === 'string') {
    try {
      parsed = fromJsonText(json);
    } catch (err) {
      throw new ModelFileError(`${source}: not valid JSON (${(err as Error).message})`, { cause: err });
    }
  }
  const file = parseModelJson(parsed, source);
  try {
    return moduleFromJson(file.architecture, 'architecture') as unknown as Layer;
  } catch (err) {
    throw new ModelFileError(`${source}: ${(err as Error).message}`, { cause: err });
  }
}

/** A model as model.json's text and model.safetensors' bytes. */
export function encodeModel(model: AnyModule, info: ModelInfo = {}): { json: string; weights: Uint8Array } {
  return {
    json: `${toJsonText(modelToJson(model, info), 2)}\n`,
    weights: encodeStateDict(model, { metadata: { format: 'pt', producer: 'actlab' } }),
  };
}

/**
 * The model saved as `json` (model.json's text or content) and `weights` (model.safetensors'
 * bytes). Loading is strict: a weight missing from the file, an extra one, or a shape that does
 * not match the architecture is an error naming the key.
 */
export function decodeModel(json: ModelJson | string, weights: Uint8Array, source = 'model'): Layer {
  const model = modelFromJson(json, `${source}.json`);
  const state = decodeStateDict(weights, `${source}.safetensors`);
  try {
    model.loadStateDict(state);
  } catch (err) {
    throw new ModelFileError(`${source}.safetensors does not match ${source}.json: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return model;
}
