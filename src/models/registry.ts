/**
 * The model builders by kind: `buildModel({ kind: 'cnn', … })`. Built-in kinds are listed here;
 * `registerModel` adds more at run time (a SIREN, a user's network), and a spec type joins
 * {@link ModelSpecs} by declaration merging so `buildModel` stays typed:
 *
 * ```ts
 * declare module 'actlab/models' { interface ModelSpecs { siren: SirenSpec } }
 * ```
 */
import type { Sequential } from '../nn/container.js';
import type { BuildOptions, ModelBuilder, ModelSpecBase } from './builder.js';
import { cnn, type CnnSpec } from './cnn.js';
import { mlp, type MlpSpec } from './mlp.js';
// siren is registered as a kind but kept out of ModelSpecs: commands that train classifiers read ModelSpec's inputShape/classes.
import { sirenModel } from './siren.js';

/** Spec type by kind; extend it with declaration merging when registering a builder. */
export interface ModelSpecs {
  mlp: MlpSpec;
  cnn: CnnSpec;
}

/** Any registered model spec. */
export type ModelSpec = ModelSpecs[keyof ModelSpecs];

/** Built-in builders, in the order listings show them. */
export const builtinModels: readonly ModelBuilder[] = [mlp, cnn, sirenModel] as unknown as readonly ModelBuilder[];

/** The one state object of the registry: builders by kind. */
export const modelRegistry: { readonly builders: Map<string, ModelBuilder> } = {
  builders: new Map(builtinModels.map((b) => [b.kind, b])),
};

/** Adds a builder; its kind must be new. */
export function registerModel<S extends ModelSpecBase>(builder: ModelBuilder<S>): ModelBuilder<S> {
  if (typeof builder?.kind !== 'string' || typeof builder.build !== 'function' || typeof builder.parse !== 'function')
    throw new TypeError('registerModel: expected a builder { kind, summary, build, parse, describe }');
  if (modelRegistry.builders.has(builder.kind))
    throw new RangeError(`registerModel: a builder of kind '${builder.kind}' is already registered`);
  modelRegistry.builders.set(builder.kind, builder as unknown as ModelBuilder);
  return builder;
}

/** Registered kinds, built-ins first. */
export const modelKinds = (): string[] => [...modelRegistry.builders.keys()];

/** The builder of `kind`; an unknown kind lists the registered ones. */
export function getModelBuilder(kind: string): ModelBuilder {
  const b = modelRegistry.builders.get(kind);
  if (!b) throw new RangeError(`unknown model kind '${kind}' (registered: ${modelKinds().join(', ')})`);
  return b;
}

/**
 * A freshly initialised network for `spec`.
 * @example buildModel({ kind: 'cnn', inputShape: [1, 28, 28], classes: 10, activation: { id: 'relu' } })
 */
export function buildModel(spec: ModelSpec, options: BuildOptions = {}): Sequential {
  const builder = getModelBuilder(spec.kind);
  return builder.build(builder.parse(spec as unknown as Record<string, unknown>, spec.kind), options);
}

/** Checks untrusted data (a parsed model.json's `builder`) and returns the spec. */
export function parseModelSpec(raw: unknown, where = 'model spec'): ModelSpec {
  if (typeof raw !== 'object' || raw === null || typeof (raw as ModelSpecBase).kind !== 'string')
    throw new TypeError(`${where}: expected an object with a string 'kind' (one of ${modelKinds().join(', ')})`);
  return getModelBuilder((raw as ModelSpecBase).kind).parse(raw as Record<string, unknown>, where) as ModelSpec;
}

/** The network in one line ("784 → 64 → 64 → 10", "1×28×28 → conv16 → conv32 → 128 → 10"). */
export function describeModel(spec: ModelSpec): string {
  return getModelBuilder(spec.kind).describe(spec);
}
