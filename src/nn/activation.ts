/**
 * The activation modules, derived from the registry at run time: `new nn.GELU({ approximate })`,
 * `new nn.LeakyReLU({ negativeSlope })`, `new nn.PReLU({ numParameters, init })`,
 * `new nn.Swish({ beta, learnable: true })`, `new nn.Softmax({ dim })`… Each is a `Module`
 * subclass named after PyTorch's module (so `constructor.name` and `toString()` read as torch's).
 */
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { full } from '../tensor/create.js';
import type { FloatDType } from '../tensor/dtype.js';
import { Generator, defaultGenerator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import type { ActivationSpec } from '../activations/define.js';
import type { NumberParam, ParamSpecs, ParamValue } from '../activations/params.js';
import { describe, snakeCase } from '../activations/names.js';
import { hasRandomParams, learnableParam } from '../activations/define.js';
import { isChoiceParam, paramProblem } from '../activations/params.js';
import type { BuiltinSpec, WeightKey } from '../activations/functional.js';
import { callActivation, resolveCall } from '../activations/functional.js';
import type { BuiltinActivation, BuiltinActivationId } from '../activations/registry.js';
import { builtinActivations, getActivation } from '../activations/registry.js';

// ---- static types -------------------------------------------------------------------------

type Params<S> = S extends { readonly params: infer P extends ParamSpecs } ? P : never;
type OptionalKey<S> = {
  [K in keyof Params<S>]: Params<S>[K] extends { readonly learnable: 'optional' } ? K : never;
}[keyof Params<S>];
type HasRandom<S> = true extends {
  [K in keyof Params<S>]: Params<S>[K] extends { readonly random: true } ? true : false;
}[keyof Params<S>]
  ? true
  : false;

/** Constructor options: the parameters, plus numParameters/init (PReLU) or learnable (Swish); none for ReLU & co. */
export type ActivationModuleOptions<S> = [keyof Params<S>] extends [never]
  ? Readonly<Record<string, never>>
  : ModuleParamOptions<S>;
type ModuleParamOptions<S> = { readonly [K in Exclude<keyof Params<S>, WeightKey<S>>]?: ParamValue<Params<S>[K]> } & ([
  WeightKey<S>,
] extends [never]
  ? unknown
  : { readonly numParameters?: number; readonly init?: number; readonly dtype?: FloatDType }) &
  ([OptionalKey<S>] extends [never]
    ? unknown
    : { readonly learnable?: boolean; readonly numParameters?: number; readonly dtype?: FloatDType }) &
  (HasRandom<S> extends true ? { readonly generator?: Generator } : unknown);

/** An instance: PReLU has `weight: Parameter`; Swish/SiLU has `beta: Parameter | null` (null unless learnable). */
export type ActivationModuleInstance<S> = Activation & { readonly [K in WeightKey<S>]: Parameter } & {
  readonly [K in OptionalKey<S>]: Parameter | null;
};

export interface ActivationModuleClass<S> {
  new (options?: ActivationModuleOptions<S>): ActivationModuleInstance<S>;
  readonly spec: S;
}

type ModuleNames<S> = S extends {
  readonly torchName: infer T extends string;
  readonly moduleAliases: readonly (infer A extends string)[];
}
  ? T | A
  : never;

/** The activation part of `nn`, keyed by module name (`ReLU`, `GELU`, `Swish`…). */
export type ActivationModules = { readonly [S in BuiltinActivation as ModuleNames<S>]: ActivationModuleClass<S> };

// ---- the base class --------------------------------------------------------------------------

/** Python-like rendering of a parameter value in reprs: 1.0 for floats, 'none' for strings. */
function pyValue(s: ParamSpecs[string], v: number | string | boolean): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return `'${v}'`;
  if (!isChoiceParam(s) && s.integer) return String(v);
  return Number.isInteger(v) ? v.toFixed(1) : String(v);
}

/**
 * Every activation module: `new nn.Activation(id, options)` for any registered activation (by
 * id, alias, module name, or its spec) — the way to reach one registered at run time, which the
 * `nn.<Name>` classes (fixed at import) do not list. It returns an instance of the activation's
 * named class, so `new nn.Activation('gelu')` is an `nn.GELU` and prints as `GELU(...)`. Holds
 * the resolved options, and the learnable parameter if any.
 * @example new nn.Activation('leaky_relu', { negativeSlope: 0.2 })
 */
class ActivationModule extends Module {
  /** The spec this module applies. */
  readonly spec: ActivationSpec;
  /** Resolved parameter values (defaults filled in). */
  readonly options: Readonly<Record<string, number | string>>;
  private readonly learnedName: string | null;
  private readonly generator: Generator | undefined;

  constructor(nameOrSpec: string | ActivationSpec, options: unknown = {}, op?: string) {
    super();
    const spec = typeof nameOrSpec === 'string' ? getActivation(nameOrSpec) : nameOrSpec;
    // Called as nn.Activation(id): become an instance of the named class (ReLU, GELU…), so the
    // module is the same whichever way it was made (instanceof, repr, state-dict keys).
    if (new.target === ActivationModule) Object.setPrototypeOf(this, moduleClass(spec, spec.torchName).prototype);
    op ??= spec.torchName;
    if (typeof options !== 'object' || options === null || Array.isArray(options)) {
      throw new TypeError(`${op}: options must be an object, got ${describe(options)}`);
    }
    const opts = { ...(options as Record<string, unknown>) };
    this.spec = spec;
    const learned = learnableParam(spec);
    const param = learned ? (spec.params[learned] as NumberParam) : undefined;
    const learn = param?.learnable === 'always' || opts.learnable === true;
    const extra = [
      ...(param?.learnable === 'always' ? ['numParameters', 'init', 'dtype'] : []),
      ...(param?.learnable === 'optional' ? ['learnable', 'numParameters', 'dtype'] : []),
      ...(hasRandomParams(spec) ? ['generator'] : []),
    ];
    const allowed = [
      ...Object.keys(spec.params).filter((k) => k !== learned || param?.learnable !== 'always'),
      ...extra,
    ];
    for (const key of Object.keys(opts)) {
      if (!allowed.includes(key))
        throw new TypeError(`${op}: unknown option '${key}' (allowed: ${allowed.join(', ') || 'none'})`);
    }
    if (opts.learnable !== undefined && typeof opts.learnable !== 'boolean') {
      throw new TypeError(`${op}: learnable must be true or false, got ${describe(opts.learnable)}`);
    }
    if (opts.generator !== undefined && !(opts.generator instanceof Generator)) {
      throw new TypeError(`${op}: generator must be a Generator, got ${describe(opts.generator)}`);
    }
    this.generator = opts.generator as Generator | undefined;
    this.learnedName = null;
    if (learned && param && learn) {
      const n = opts.numParameters ?? 1;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
        throw new RangeError(
          `${op}: numParameters must be an integer ≥ 1 (1, or the number of channels), got ${describe(n)}`,
        );
      }
      const init = param.learnable === 'always' ? (opts.init ?? param.default) : (opts[learned] ?? param.default);
      const problem = paramProblem(param, init);
      if (problem)
        throw new RangeError(
          `${op}: ${param.learnable === 'always' ? 'init' : learned} must be ${problem.allowed}, got ${describe(init)}`,
        );
      const dtype = opts.dtype ?? 'float32';
      if (dtype !== 'float32' && dtype !== 'float64')
        throw new TypeError(`${op}: dtype must be 'float32' or 'float64', got ${describe(dtype)}`);
      this.learnedName = learned;
      (this as unknown as Record<string, Parameter>)[learned] = new Parameter(full([n], init as number, { dtype }));
      delete opts[learned];
    } else if (learned && param?.learnable === 'optional') {
      (this as unknown as Record<string, null>)[learned] = null;
    }
    const values = Object.fromEntries(
      Object.keys(spec.params)
        .filter((k) => k in opts)
        .map((k) => [k, opts[k]]),
    );
    this.options = Object.freeze(resolveCall(spec, values, op).values);
  }

  override forward(x: Tensor): Tensor {
    const name = this.learnedName;
    const tensorParam = name ? { name, value: (this as unknown as Record<string, Parameter>)[name]! } : null;
    return callActivation(this.spec, x, {
      values: { ...this.options },
      tensorParam,
      training: this.training,
      generator: this.generator ?? defaultGenerator,
    });
  }

  /** torch's argument names: `negative_slope=0.01`, `approximate='none'`, `num_parameters=3`. */
  override extraRepr(): string {
    const parts: string[] = [];
    for (const [name, s] of Object.entries(this.spec.params)) {
      const value = this.options[name]!;
      if (name === this.learnedName) {
        const p = (this as unknown as Record<string, Parameter>)[name]!;
        if ((s as NumberParam).learnable === 'always') parts.push(`num_parameters=${p.numel}`);
        else parts.push(`${snakeCase(name)}=${pyValue(s, p.data[0]!)}`, 'learnable=True');
        continue;
      }
      if (s.torch === false && value === s.default) continue;
      parts.push(`${snakeCase(name)}=${pyValue(s, value)}`);
    }
    return parts.join(', ');
  }
}

/**
 * `new nn.Activation(name, options)`, typed: a built-in's options by its spec, a spec object's by
 * that spec, any other registered name (a custom activation) with plain options.
 */
export interface ActivationConstructor {
  new <Id extends BuiltinActivationId>(
    id: Id,
    options?: ActivationModuleOptions<BuiltinSpec<Id>>,
  ): ActivationModuleInstance<BuiltinSpec<Id>>;
  new <S extends ActivationSpec>(spec: S, options?: ActivationModuleOptions<S>): ActivationModuleInstance<S>;
  new <N extends string>(
    name: N extends BuiltinActivationId ? never : N,
    options?: Readonly<Record<string, unknown>>,
  ): ActivationModule;
  readonly prototype: ActivationModule;
}
export const Activation = ActivationModule as unknown as ActivationConstructor;
export type Activation = ActivationModule;

// ---- classes, derived per spec -------------------------------------------------------------

/** The one state object of this file: classes made so far, so each (spec, name) has exactly one. */
const moduleState = { classes: new WeakMap<ActivationSpec, Map<string, ActivationModuleClass<ActivationSpec>>>() };

/** A module class for one spec, named `name` (the torch name, or an alias such as Swish). */
function moduleClass(spec: ActivationSpec, name: string): ActivationModuleClass<ActivationSpec> {
  const byName = moduleState.classes.get(spec) ?? new Map<string, ActivationModuleClass<ActivationSpec>>();
  moduleState.classes.set(spec, byName);
  const known = byName.get(name);
  if (known) return known;
  const cls = class extends ActivationModule {
    static readonly spec = spec;
    constructor(options?: unknown) {
      super(spec, options, name);
    }
  };
  Object.defineProperty(cls, 'name', { value: name });
  byName.set(name, cls as unknown as ActivationModuleClass<ActivationSpec>);
  return cls as unknown as ActivationModuleClass<ActivationSpec>;
}

/**
 * The module class of any registered activation, by id, alias or module name.
 * @example const Act = activationModule('squareplus'); new Act({ b: 1 })
 */
export function activationModule(nameOrSpec: string | ActivationSpec): ActivationModuleClass<ActivationSpec> {
  const spec = typeof nameOrSpec === 'string' ? getActivation(nameOrSpec) : nameOrSpec;
  const name = typeof nameOrSpec === 'string' && spec.moduleAliases.includes(nameOrSpec) ? nameOrSpec : spec.torchName;
  return moduleClass(spec, name);
}

/** `nn`'s activations, keyed by module name: `new activationModules.LeakyReLU({ negativeSlope: 0.2 })`. */
export const activationModules = Object.freeze(
  Object.fromEntries(
    builtinActivations.flatMap((s) =>
      [s.torchName, ...s.moduleAliases].map((n) => [n, moduleClass(s as ActivationSpec, n)]),
    ),
  ),
) as unknown as ActivationModules;
