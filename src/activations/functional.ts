/**
 * The functional forms, derived from the registry at run time: `F.gelu(x, { approximate })`,
 * `F.leakyRelu(x, { negativeSlope })`, `F.prelu(x, weight)`, `F.softmax(x, { dim })`… and
 * `applyActivation(id, x, options)` for any registered activation. Options are checked here
 * (unknown keys, types, ranges), then one fused primitive runs.
 */
import { activation } from '../ops/activation.js';
import { requireFloat, requireTensor } from '../ops/apply.js';
import { channelActivation } from '../ops/channel-activation.js';
import { dimActivation } from '../ops/dim-activation.js';
import { normalizeDim, fmtShape } from '../tensor/shape.js';
import { Generator, defaultGenerator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import type { ActivationSpec } from './define.js';
import type { CamelCase } from './names.js';
import type { NumberParam, ParamSpecs, ParamValue } from './params.js';
import { camelCase, describe } from './names.js';
import { hasRandomParams } from './define.js';
import { isChoiceParam, paramProblem } from './params.js';
import type { BuiltinActivation, BuiltinActivationId } from './registry.js';
import { builtinActivations, getActivation } from './registry.js';

// ---- static types, mapped over the registry ------------------------------------------------

type Params<S> = S extends { readonly params: infer P extends ParamSpecs } ? P : never;
/** The parameter passed as a tensor argument (PReLU's weight), if any. */
export type WeightKey<S> = {
  [K in keyof Params<S>]: Params<S>[K] extends { readonly learnable: 'always' } ? K : never;
}[keyof Params<S>];
type OptionValue<T> = T extends { readonly learnable: 'optional' } ? number | Tensor : ParamValue<T>;
type HasRandom<S> = true extends {
  [K in keyof Params<S>]: Params<S>[K] extends { readonly random: true } ? true : false;
}[keyof Params<S>]
  ? true
  : false;

type OptionKey<S> = Exclude<keyof Params<S>, WeightKey<S>>;

/** Options of an activation's functional form: its parameters (camelCase, torch's defaults); none at all for ReLU & co. */
export type ActivationOptions<S> =
  HasRandom<S> extends true
    ? { readonly [K in OptionKey<S>]?: OptionValue<Params<S>[K]> } & {
        readonly training?: boolean;
        readonly generator?: Generator;
      }
    : [OptionKey<S>] extends [never]
      ? Readonly<Record<string, never>>
      : { readonly [K in OptionKey<S>]?: OptionValue<Params<S>[K]> };

/** `(x, options?)`, or `(x, weight, options?)` when a parameter is a tensor argument. */
export type ActivationFunction<S> = [WeightKey<S>] extends [never]
  ? (x: Tensor, options?: ActivationOptions<S>) => Tensor
  : (x: Tensor, weight: Tensor, options?: ActivationOptions<S>) => Tensor;

/** Options of `F.activation(id, x, options)`: the functional form's options, and a tensor parameter (PReLU's `weight`) by name. */
export type ActivationCallOptions<S> = [keyof Params<S>] extends [never]
  ? Readonly<Record<string, never>>
  : { readonly [K in OptionKey<S>]?: OptionValue<Params<S>[K]> } & {
      readonly [K in WeightKey<S>]?: Tensor;
    } & (HasRandom<S> extends true ? { readonly training?: boolean; readonly generator?: Generator } : unknown);

/** The built-in spec of an id. */
export type BuiltinSpec<Id extends BuiltinActivationId> = Extract<BuiltinActivation, { readonly id: Id }>;

/**
 * `F.activation(name, x, options)`: any registered activation — the built-ins (options typed),
 * one registered at run time by its id (`F.activation('bent_identity', x)`), or a spec object
 * (options typed by the spec). The one way to call an activation that `F.<name>`, fixed at
 * import, does not list.
 */
export interface ActivationByName {
  <Id extends BuiltinActivationId>(id: Id, x: Tensor, options?: ActivationCallOptions<BuiltinSpec<Id>>): Tensor;
  <S extends ActivationSpec>(spec: S, x: Tensor, options?: ActivationCallOptions<S>): Tensor;
  /** A registered activation that is not a built-in (a built-in id takes the typed form above). */
  <N extends string>(
    name: N extends BuiltinActivationId ? never : N,
    x: Tensor,
    options?: Readonly<Record<string, unknown>>,
  ): Tensor;
}

/** The activation part of `F`: one function per built-in, named by its camelCase id, and `activation(name, x, options)`. */
export type ActivationFunctional = {
  readonly [S in BuiltinActivation as CamelCase<S['id']>]: ActivationFunction<S>;
} & { readonly activation: ActivationByName };

// ---- option checking -------------------------------------------------------------------------

/** Resolved call: parameter values, the tensor parameter (if given as one) and training mode. */
export interface ResolvedCall {
  values: Record<string, number | string>;
  tensorParam: { name: string; value: Tensor } | null;
  training: boolean;
  generator: Generator;
}

/** Option names a spec accepts: its parameters, plus training/generator for random ones. */
export function optionNames(spec: ActivationSpec): string[] {
  return [...Object.keys(spec.params), ...(hasRandomParams(spec) ? ['training', 'generator'] : [])];
}

/** Checks `options` against the spec: unknown keys and wrong types throw TypeError, bad values RangeError. */
export function resolveCall(spec: ActivationSpec, options: unknown, op = spec.id): ResolvedCall {
  const opts = (options ?? {}) as Record<string, unknown>;
  if (typeof opts !== 'object' || Array.isArray(opts) || opts instanceof Tensor) {
    const example = Object.keys(spec.params)[0];
    throw new TypeError(
      `${op}: options must be an object${example ? ` such as { ${example}: ${describe(spec.params[example]!.default)} }` : ''}, got ${describe(options)}`,
    );
  }
  const allowed = optionNames(spec);
  for (const key of Object.keys(opts)) {
    if (!allowed.includes(key)) {
      throw new TypeError(`${op}: unknown option '${key}' (allowed: ${allowed.length ? allowed.join(', ') : 'none'})`);
    }
  }
  const values: Record<string, number | string> = {};
  let tensorParam: ResolvedCall['tensorParam'] = null;
  for (const [name, s] of Object.entries(spec.params)) {
    const v = opts[name] === undefined ? s.default : opts[name];
    const learnable = !isChoiceParam(s) && s.learnable;
    if (learnable && v instanceof Tensor) {
      tensorParam = { name, value: v };
      values[name] = s.default;
      continue;
    }
    if (learnable === 'always' && opts[name] !== undefined) {
      throw new TypeError(`${op}: ${name} must be a Tensor (of 1 value, or one per channel), got ${describe(v)}`);
    }
    const problem = paramProblem(s, v);
    if (problem) {
      const Err = problem.kind === 'type' ? TypeError : RangeError;
      throw new Err(
        `${op}: ${name} must be ${problem.allowed}${learnable ? ' (or a Tensor to learn it)' : ''}, got ${describe(v)}`,
      );
    }
    values[name] = v as number | string;
  }
  const problem = spec.check?.(values);
  if (problem) throw new RangeError(`${op}: ${problem}`);
  const training = opts.training ?? false;
  if (typeof training !== 'boolean')
    throw new TypeError(`${op}: training must be true or false, got ${describe(training)}`);
  const generator = opts.generator ?? defaultGenerator;
  if (!(generator instanceof Generator))
    throw new TypeError(`${op}: generator must be a Generator, got ${describe(generator)}`);
  return { values, tensorParam, training, generator };
}

// ---- calling ----------------------------------------------------------------------------------

/** Runs a spec on x with resolved options: the fused elementwise, channel or dim-wise primitive. */
export function callActivation(spec: ActivationSpec, x: Tensor, call: ResolvedCall): Tensor {
  requireTensor(x, spec.id);
  requireFloat(x, spec.id);
  // Parameters stay float64 even for float32 tensors (torch rounds them to float32 first): results
  // are then the float64 ones rounded once, and a kink such as lambd = 0.1 sits where float64 puts it.
  const params = call.values;
  if (spec.kind === 'dimwise') {
    const dim = dimOf(spec, x, call.values);
    const size = x.ndim === 0 ? 1 : x.shape[dim]!;
    const outSize = spec.outSize ? spec.outSize(size, call.values) : size;
    return dimActivation(x, { id: spec.id, kernel: spec.kernel, params, dim, outSize });
  }
  if (call.tensorParam) {
    const { name, value } = call.tensorParam;
    return channelActivation(x, value, { id: spec.id, kernel: spec.channelKernel!, params, paramName: name });
  }
  if (call.training && spec.training) return spec.training(x, call.values, call.generator);
  return activation(x, { id: spec.id, kernel: spec.kernel, params });
}

function dimOf(
  spec: Extract<ActivationSpec, { kind: 'dimwise' }>,
  x: Tensor,
  values: Record<string, number | string>,
): number {
  if (spec.fixedDim) {
    const { dim, ndims } = spec.fixedDim;
    if (!ndims.includes(x.ndim)) {
      throw new RangeError(
        `${spec.id}: expected a ${ndims.map((n) => `${n}-D`).join(' or ')} input, got shape ${fmtShape(x.shape)} (${x.ndim}-D)`,
      );
    }
    return normalizeDim(dim, x.ndim, spec.id);
  }
  return normalizeDim(values.dim as number, x.ndim, spec.id);
}

/**
 * Applies any registered activation by id (or alias), or a spec object directly.
 * @example applyActivation('leaky_relu', x, { negativeSlope: 0.2 })
 */
export function applyActivation(
  nameOrSpec: string | ActivationSpec,
  x: Tensor,
  options?: Readonly<Record<string, unknown>>,
): Tensor {
  const spec = typeof nameOrSpec === 'string' ? getActivation(nameOrSpec) : nameOrSpec;
  return callActivation(spec, x, resolveCall(spec, options));
}

/** The F function of one spec: (x, options) or, with a tensor parameter, (x, weight, options). */
export function functionalOf(spec: ActivationSpec): (x: Tensor, ...rest: unknown[]) => Tensor {
  const weight = Object.keys(spec.params).find((k) => (spec.params[k] as NumberParam).learnable === 'always');
  const fn = weight
    ? (x: Tensor, w?: unknown, options?: unknown) => {
        if (!(w instanceof Tensor)) throw new TypeError(`${spec.id}: ${weight} must be a Tensor, got ${describe(w)}`);
        if (options !== undefined && (typeof options !== 'object' || options === null)) {
          throw new TypeError(`${spec.id}: options must be an object, got ${describe(options)}`);
        }
        return callActivation(spec, x, resolveCall(spec, { ...(options as object), [weight]: w }));
      }
    : (x: Tensor, options?: unknown) => callActivation(spec, x, resolveCall(spec, options));
  return Object.defineProperty(fn, 'name', { value: camelCase(spec.id) });
}

/** `F`'s activations: `activationFunctional.gelu(x, { approximate: 'tanh' })`, and `activation(name, x, options)`. */
export const activationFunctional = Object.freeze({
  ...Object.fromEntries(builtinActivations.map((s) => [camelCase(s.id), functionalOf(s as ActivationSpec)])),
  activation: applyActivation,
}) as unknown as ActivationFunctional;
