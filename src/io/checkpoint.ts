/**
 * Checkpoints: everything a run needs to continue exactly where it stopped — the model's state
 * dict, the optimizer's state, the LR scheduler's position, the random generators (the default
 * one that dropout and RReLU draw from, generators the model's modules own, and any named ones
 * such as a data loader's) and counters — in ONE safetensors file. Tensors are stored under
 * `model.<key>` and `optimizer.state.<index>.<buffer>`; everything else is JSON in the header's
 * metadata (key `actlab.checkpoint`), numbers written so they read back bit for bit.
 * Browser-safe; Node files: node/checkpoint-file.ts.
 */
import type { AnyModule } from '../nn/module.js';
import type { BaseOptions, Optimizer, OptimizerStateDict } from '../optim/optimizer.js';
import type { LRScheduler, SchedulerStateDict } from '../optim/lr-scheduler.js';
import { defaultGenerator, Generator, type GeneratorState } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { fromJsonText, toJsonText, type JsonValue } from './json.js';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';
import { stateDictEntries, tensorsFromSafetensors } from './state.js';

export const CHECKPOINT_FORMAT = 'actlab-checkpoint';
export const CHECKPOINT_VERSION = 1;
const META_KEY = 'actlab.checkpoint';

/** What goes into a checkpoint, and what a checkpoint is restored into. */
export interface CheckpointParts {
  model: AnyModule;
  optimizer?: Optimizer<BaseOptions>;
  scheduler?: LRScheduler;
  /** Generators besides the default one and those the model's modules own (e.g. `{ loader }`). */
  generators?: Record<string, Generator>;
  /** Save and restore the default generator (default true: dropout and RReLU draw from it). */
  defaultGenerator?: boolean;
}

/** Counters and free-form JSON saved beside the parts. */
export interface CheckpointInfo {
  /** Optimizer steps taken. */
  step?: number;
  /** Epochs completed. */
  epoch?: number;
  /** Anything else a loop needs to resume (fit keeps its progress and history here). */
  extra?: Record<string, JsonValue>;
}

/** The JSON part of a checkpoint. */
interface CheckpointMeta extends CheckpointInfo {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  optimizer?: {
    type?: string;
    paramGroups: OptimizerStateDict['paramGroups'];
    scalars: Record<string, Record<string, number>>;
  };
  scheduler?: SchedulerStateDict;
  generators: Record<string, GeneratorState>;
}

/** A decoded checkpoint: its tensors and its JSON part. */
export interface Checkpoint {
  tensors: Record<string, Tensor>;
  meta: CheckpointMeta;
  source: string;
}

/** A checkpoint that does not fit the objects it is restored into, or is not a checkpoint. */
export class CheckpointError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CheckpointError';
  }
}

/**
 * The generators a checkpoint saves for `parts`, by name: `default`, each Generator a module of
 * the model holds in a field (`model.3.generator`: a Dropout or RReLU given its own), and the
 * named ones. One generator reachable under two names is saved once, under the first.
 */
export function checkpointGenerators(parts: CheckpointParts): Map<string, Generator> {
  const out = new Map<string, Generator>();
  const seen = new Set<Generator>();
  const add = (name: string, g: Generator): void => {
    if (seen.has(g)) return;
    seen.add(g);
    out.set(name, g);
  };
  if (parts.defaultGenerator !== false) add('default', defaultGenerator);
  else seen.add(defaultGenerator);
  for (const [path, m] of parts.model.namedModules()) {
    // The same field walk that finds parameters: TypeScript's `private` is not hidden at run time.
    for (const [field, v] of Object.entries(m)) {
      if (v instanceof Generator) add(`model${path ? `.${path}` : ''}.${field}`, v);
    }
  }
  for (const [name, g] of Object.entries(parts.generators ?? {})) add(name, g);
  return out;
}

/** The checkpoint of `parts` as safetensors bytes. */
export function encodeCheckpoint(parts: CheckpointParts, info: CheckpointInfo = {}): Uint8Array {
  const tensors: Record<string, Tensor> = {};
  for (const [k, t] of Object.entries(parts.model.stateDict())) tensors[`model.${k}`] = t;
  const meta: CheckpointMeta = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    ...info,
    generators: Object.fromEntries([...checkpointGenerators(parts)].map(([n, g]) => [n, g.stateDict()])),
  };
  if (parts.optimizer) {
    const sd = parts.optimizer.stateDict();
    const scalars: Record<string, Record<string, number>> = {};
    for (const [i, record] of Object.entries(sd.state)) {
      for (const [k, v] of Object.entries(record)) {
        if (typeof v === 'number') (scalars[i] ??= {})[k] = v;
        else tensors[`optimizer.state.${i}.${k}`] = v;
      }
    }
    meta.optimizer = { type: sd.type, paramGroups: sd.paramGroups, scalars };
  }
  if (parts.scheduler) meta.scheduler = parts.scheduler.stateDict();
  return encodeSafetensors(stateDictEntries(tensors), { format: CHECKPOINT_FORMAT, [META_KEY]: toJsonText(meta) });
}

/** Parses checkpoint bytes (`source` names the file in errors). */
export function decodeCheckpoint(bytes: Uint8Array, source = 'checkpoint'): Checkpoint {
  const { tensors, metadata } = decodeSafetensors(bytes, source);
  const text = metadata[META_KEY];
  if (metadata.format !== CHECKPOINT_FORMAT || text === undefined)
    throw new CheckpointError(
      `${source}: a safetensors file, but not an actlab checkpoint (no '${META_KEY}' metadata)`,
    );
  const meta = fromJsonText(text) as CheckpointMeta;
  if (meta.version !== CHECKPOINT_VERSION)
    throw new CheckpointError(
      `${source}: checkpoint version ${meta.version}; this actlab reads version ${CHECKPOINT_VERSION}`,
    );
  return { tensors: tensorsFromSafetensors(tensors, source), meta, source };
}

/**
 * Restores a checkpoint into `parts`, all or nothing for each part, and returns its counters and
 * extra JSON. What was saved must be restored: a saved optimizer, scheduler or generator without
 * its counterpart in `parts` (or the reverse) is an error, since resuming without it would
 * silently diverge.
 * @throws CheckpointError naming what does not match.
 */
export function restoreCheckpoint(ckpt: Checkpoint, parts: CheckpointParts): CheckpointInfo {
  const { meta, source } = ckpt;
  const fail = (what: string, cause?: unknown): CheckpointError =>
    new CheckpointError(`${source}: ${what}`, cause === undefined ? undefined : { cause });
  const pairCheck = (name: string, saved: boolean, given: boolean): void => {
    if (saved && !given) throw fail(`it holds ${name} state; pass the ${name} to restore it into`);
    if (!saved && given) throw fail(`it holds no ${name} state (it was saved without one)`);
  };
  pairCheck('optimizer', meta.optimizer !== undefined, parts.optimizer !== undefined);
  pairCheck('scheduler', meta.scheduler !== undefined, parts.scheduler !== undefined);
  const generators = checkpointGenerators(parts);
  const savedNames = Object.keys(meta.generators ?? {});
  const missing = savedNames.filter((n) => !generators.has(n));
  const extra = [...generators.keys()].filter((n) => !savedNames.includes(n));
  if (missing.length > 0 || extra.length > 0) {
    throw fail(
      `its random generators (${savedNames.join(', ') || 'none'}) do not match these (${[...generators.keys()].join(', ') || 'none'})`,
    );
  }

  const modelState: Record<string, Tensor> = {};
  const optimizerState: OptimizerStateDict['state'] = {};
  for (const [key, t] of Object.entries(ckpt.tensors)) {
    if (key.startsWith('model.')) modelState[key.slice('model.'.length)] = t;
    else {
      const m = /^optimizer\.state\.(\d+)\.(.+)$/.exec(key);
      if (!m) throw fail(`unexpected tensor '${key}'`);
      (optimizerState[Number(m[1])] ??= {})[m[2]!] = t;
    }
  }
  try {
    parts.model.loadStateDict(modelState);
  } catch (err) {
    throw fail(`the model does not match: ${(err as Error).message}`, err);
  }
  if (parts.optimizer && meta.optimizer) {
    for (const [i, record] of Object.entries(meta.optimizer.scalars))
      Object.assign((optimizerState[Number(i)] ??= {}), record);
    try {
      parts.optimizer.loadStateDict({
        ...(meta.optimizer.type !== undefined ? { type: meta.optimizer.type } : {}),
        state: optimizerState,
        paramGroups: meta.optimizer.paramGroups,
      });
    } catch (err) {
      throw fail(`the optimizer does not match: ${(err as Error).message}`, err);
    }
  }
  if (parts.scheduler && meta.scheduler) {
    try {
      parts.scheduler.loadStateDict(meta.scheduler);
    } catch (err) {
      throw fail(`the scheduler does not match: ${(err as Error).message}`, err);
    }
  }
  for (const [name, g] of generators) g.loadStateDict(meta.generators[name]!);
  const info: CheckpointInfo = {};
  if (meta.step !== undefined) info.step = meta.step;
  if (meta.epoch !== undefined) info.epoch = meta.epoch;
  if (meta.extra !== undefined) info.extra = meta.extra;
  return info;
}
