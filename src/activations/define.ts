/**
 * The activation spec — the single source of truth for one activation: names, parameters,
 * scalar float64 reference `f`/`df`, fused array kernels, LaTeX, kinks with PyTorch's gradient,
 * declared properties, references and the ONNX mapping. `defineActivation` checks a spec once,
 * when it is defined, and fills what a user may leave out (kernels are derived from `f`/`df`).
 * Kernels receive the parameter values by name (`{ negativeSlope: 0.01 }`, `{ approximate:
 * 'tanh' }`), never by position.
 */
import type { ActivationKernel } from '../backend/backend.js';
import type { ChannelKernel } from '../ops/channel-activation.js';
import type { DimKernel } from '../ops/dim-activation.js';
import type { Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { rowKernel, scalarChannelKernel, scalarKernel } from './derive.js';
import type { CamelCase } from './names.js';
import { describe, pascalCase } from './names.js';
import type { NumberParam, ParamSpecs, ParamValues } from './params.js';
import { isChoiceParam, paramProblem } from './params.js';

// ---- documentation data ----------------------------------------------------------------

export type Smoothness = 'discontinuous' | 'C0' | 'C1' | 'Cinf';
/** elementary: +−×÷, comparisons, √; transcendental: one exp/log/tanh/erf/sin; compound: several; reduction: a pass over `dim`; sort: a sort per slice. */
export type CostClass = 'elementary' | 'transcendental' | 'compound' | 'reduction' | 'sort';

/** Declared properties of an elementwise activation, at its default parameters. */
export interface ScalarProperties {
  /** [inf f, sup f] (±Infinity when unbounded). */
  readonly range: readonly [number, number];
  readonly boundedAbove: boolean;
  readonly boundedBelow: boolean;
  /** Non-strict: 'increasing' means f(a) ≤ f(b) for a < b. */
  readonly monotonic: 'increasing' | 'decreasing' | false;
  /** f′ is monotonic (either way), i.e. f is convex or concave. */
  readonly derivativeMonotonic: boolean;
  readonly smoothness: Smoothness;
  /** Odd symmetry f(−x) = −f(x): symmetric inputs give zero-mean outputs. */
  readonly zeroCentred: boolean;
  /** f(0) = 0 and f′(0) = 1 from both sides. */
  readonly identityNearZero: boolean;
  /** f′(x) → 0 as x → −∞ / +∞. */
  readonly saturatesLeft: boolean;
  readonly saturatesRight: boolean;
  /** f(x) = x·g(x) with a gate g rising from 0 to 1, strictly inside (0, 1) around 0 (SiLU, GELU, Mish…). */
  readonly selfGated: boolean;
  readonly cost: CostClass;
}

/** Declared properties of a dim-wise activation, at its default parameters. */
export interface VectorProperties {
  readonly range: readonly [number, number];
  readonly boundedAbove: boolean;
  readonly boundedBelow: boolean;
  readonly smoothness: Smoothness;
  /** Each output slice sums to 1 (a probability distribution). */
  readonly sumsToOne: boolean;
  /** Adding a constant to a slice leaves the output unchanged. */
  readonly shiftInvariant: boolean;
  readonly cost: CostClass;
}

/** A point where f is not differentiable, with the gradient (and value) PyTorch returns there. */
export interface Kink {
  readonly x: number;
  readonly grad: number;
  /** f(x) exactly at the kink, when f jumps there. */
  readonly value?: number;
  readonly why: string;
}

export interface Reference {
  readonly title: string;
  readonly authors: string;
  readonly year: number;
  readonly url?: string;
}

/** How an exporter writes the activation: one native ONNX op, or a small graph of them. */
export type OnnxMapping =
  | { readonly op: string; readonly opset: number; readonly attributes?: Readonly<Record<string, number | string>> }
  | { readonly decomposition: string; readonly ops: readonly string[]; readonly opset: number };

/** A place where actlab knowingly returns something else than PyTorch, and why. */
export interface KnownDifference {
  readonly note: string;
  /** Inputs concerned (elementwise specs); goldens there are compared with `rel`, or skipped. */
  at?(x: number): boolean;
  /** Dim-wise specs: is entry `index` of the slice `row` concerned (an input index for gradients, an output index for values)? */
  atRow?(row: readonly number[], index: number): boolean;
  readonly affects: 'value' | 'gradient' | 'both';
  /** Largest relative difference, when it is a rounding matter. */
  readonly rel?: number;
}

// ---- specs -----------------------------------------------------------------------------

interface CommonInput<Id extends string, P extends ParamSpecs, T extends string, M extends readonly string[]> {
  /** torch.nn.functional's snake_case name (`leaky_relu`). */
  readonly id: Id;
  /** Display name (`Leaky ReLU`). */
  readonly name?: string;
  /** PyTorch's module name (`LeakyReLU`), or the module name actlab gives it. */
  readonly torchName?: T;
  /** Extra module names for the same activation (`Swish` for SiLU). */
  readonly moduleAliases?: M;
  /** The PyTorch function (or module, when it has no functional form), or null when PyTorch has neither. */
  readonly torchFunction?: string | null;
  readonly aliases?: readonly string[];
  /** One sentence for listings. */
  readonly summary?: string;
  readonly params?: P;
  readonly formula?: string;
  readonly derivative?: string;
  readonly references?: readonly Reference[];
  onnx?(p: ParamValues<P>): OnnxMapping;
  readonly knownDifferences?: readonly KnownDifference[];
  /** A constraint between parameters; returns the error message when violated. */
  check?(p: ParamValues<P>): string | null;
}

export interface ElementwiseInput<
  Id extends string,
  P extends ParamSpecs,
  T extends string,
  M extends readonly string[],
> extends CommonInput<Id, P, T, M> {
  readonly kind?: 'elementwise';
  /** Scalar float64 reference. */
  f(x: number, p: ParamValues<P>): number;
  /** Its derivative, with PyTorch's convention at kinks. */
  df(x: number, p: ParamValues<P>): number;
  /** ∂f/∂w for the learnable parameter w (PReLU's slope, Swish's β). */
  dparam?(x: number, p: ParamValues<P>): number;
  /**
   * Array loops overriding the ones derived from `f`/`df`, for speed only: keep one where
   * bench/js-kernels.ts shows it matters, and say so in a comment (the derived loop is correct).
   */
  readonly kernel?: ActivationKernel<ParamValues<P>>;
  /** Kernels taking the learnable parameter as a tensor (one value or one per channel); derived from dparam if absent. */
  readonly channelKernel?: ChannelKernel<ParamValues<P>>;
  /** Training-mode forward of an activation with random parameters (RReLU). */
  training?(x: Tensor, p: ParamValues<P>, generator: Generator): Tensor;
  kinks?(p: ParamValues<P>): readonly Kink[];
  readonly properties?: Partial<ScalarProperties>;
}

export interface DimwiseInput<
  Id extends string,
  P extends ParamSpecs,
  T extends string,
  M extends readonly string[],
> extends CommonInput<Id, P, T, M> {
  readonly kind: 'dimwise';
  /** A fixed dim and the ranks accepted (softmax2d: dim −3 of 3-D or 4-D input); else the `dim` parameter. */
  readonly fixedDim?: { readonly dim: number; readonly ndims: readonly number[] };
  /** Output length along dim (GLU: size/2); throws a RangeError for sizes it cannot take. */
  outSize?(size: number, p: ParamValues<P>): number;
  /** Reference on one slice along dim. */
  fRow(x: readonly number[], p: ParamValues<P>): number[];
  /** Reference vector–Jacobian product on one slice. */
  vjpRow(x: readonly number[], gy: readonly number[], p: ParamValues<P>): number[];
  /** A fused kernel (one pass over the slices); derived from fRow/vjpRow if absent. */
  readonly kernel?: DimKernel<ParamValues<P>>;
  readonly properties?: Partial<VectorProperties>;
}

type Filled<I, K extends keyof I> = Omit<I, K> & Required<Pick<I, K>>;
type CommonFilled =
  | 'name'
  | 'torchName'
  | 'moduleAliases'
  | 'torchFunction'
  | 'aliases'
  | 'summary'
  | 'params'
  | 'formula'
  | 'derivative'
  | 'references'
  | 'knownDifferences'
  | 'kernel'
  | 'properties';

export type ElementwiseSpec<
  Id extends string = string,
  P extends ParamSpecs = ParamSpecs,
  T extends string = string,
  M extends readonly string[] = readonly string[],
> = Filled<ElementwiseInput<Id, P, T, M>, CommonFilled | 'kind' | 'kinks'>;
export type DimwiseSpec<
  Id extends string = string,
  P extends ParamSpecs = ParamSpecs,
  T extends string = string,
  M extends readonly string[] = readonly string[],
> = Filled<DimwiseInput<Id, P, T, M>, CommonFilled>;

/** Any registered activation. */
export type ActivationSpec = ElementwiseSpec | DimwiseSpec;

// ---- defineActivation ------------------------------------------------------------------

/**
 * Defines an activation: checks the spec and fills defaults (display name, module name, kernels
 * derived from `f`/`df` — correct but slower than hand-written loops).
 *
 * @example
 * const bentIdentity = defineActivation({
 *   id: 'bent_identity', f: (x) => (Math.sqrt(x * x + 1) - 1) / 2 + x, df: (x) => x / (2 * Math.sqrt(x * x + 1)) + 1,
 * });
 * registerActivation(bentIdentity);
 */
export function defineActivation<
  const Id extends string,
  const P extends ParamSpecs = Record<never, never>,
  const T extends string = Capitalize<CamelCase<Id>>,
  const M extends readonly string[] = readonly [],
>(spec: DimwiseInput<Id, P, T, M>): DimwiseSpec<Id, P, T, M>;
export function defineActivation<
  const Id extends string,
  const P extends ParamSpecs = Record<never, never>,
  const T extends string = Capitalize<CamelCase<Id>>,
  const M extends readonly string[] = readonly [],
>(spec: ElementwiseInput<Id, P, T, M>): ElementwiseSpec<Id, P, T, M>;
export function defineActivation(
  spec:
    | ElementwiseInput<string, ParamSpecs, string, readonly string[]>
    | DimwiseInput<string, ParamSpecs, string, readonly string[]>,
): ActivationSpec {
  const where = `defineActivation(${typeof spec?.id === 'string' ? spec.id : '?'})`;
  if (typeof spec !== 'object' || spec === null)
    throw new TypeError(`defineActivation: expected a spec object, got ${describe(spec)}`);
  if (typeof spec.id !== 'string' || !/^[a-z][a-z0-9_]*$/.test(spec.id)) {
    throw new TypeError(
      `defineActivation: id must be snake_case (lowercase letters, digits, _), got ${describe(spec.id)}`,
    );
  }
  const torchName = spec.torchName ?? pascalCase(spec.id);
  for (const n of [torchName, ...(spec.moduleAliases ?? [])]) {
    if (!/^[A-Z][A-Za-z0-9]*$/.test(n)) throw new TypeError(`${where}: module name ${describe(n)} must be PascalCase`);
  }
  const params = spec.params ?? {};
  checkParamSpecs(where, params);
  const common = {
    id: spec.id,
    name: spec.name ?? spec.id,
    torchName,
    moduleAliases: spec.moduleAliases ?? [],
    torchFunction: spec.torchFunction ?? null,
    aliases: spec.aliases ?? [],
    summary: spec.summary ?? '',
    params,
    formula: spec.formula ?? '',
    derivative: spec.derivative ?? '',
    references: spec.references ?? [],
    knownDifferences: spec.knownDifferences ?? [],
    properties: spec.properties ?? {},
  };
  if (spec.kind === 'dimwise') {
    requireFunctions(where, spec, ['fRow', 'vjpRow']);
    if (!spec.fixedDim && !(params.dim && !isChoiceParam(params.dim) && params.dim.integer)) {
      throw new TypeError(`${where}: a dim-wise activation needs an integer 'dim' parameter or a fixedDim`);
    }
    return Object.freeze({
      ...spec,
      ...common,
      kernel: spec.kernel ?? rowKernel(spec.fRow, spec.vjpRow, spec.outSize),
    });
  }
  if (spec.kind !== undefined && spec.kind !== 'elementwise') {
    throw new TypeError(`${where}: kind must be 'elementwise' or 'dimwise', got ${describe(spec.kind)}`);
  }
  requireFunctions(where, spec, ['f', 'df']);
  const learnable = Object.keys(params).filter(
    (k) => !isChoiceParam(params[k]!) && (params[k] as NumberParam).learnable,
  );
  if (learnable.length > 1)
    throw new TypeError(`${where}: at most one learnable parameter is supported, got ${learnable.join(', ')}`);
  if (learnable.length === 1 && !spec.channelKernel && !spec.dparam) {
    throw new TypeError(
      `${where}: learnable parameter ${learnable[0]} needs dparam (∂f/∂${learnable[0]}) or a channelKernel`,
    );
  }
  if (Object.values(params).some((s) => !isChoiceParam(s) && s.random) && !spec.training) {
    throw new TypeError(`${where}: random parameters need a training(x, p, generator) forward`);
  }
  return Object.freeze({
    ...spec,
    ...common,
    kind: 'elementwise' as const,
    kinks: spec.kinks ?? (() => []),
    kernel: spec.kernel ?? scalarKernel(spec.f, spec.df),
    ...(learnable.length === 1 && !spec.channelKernel
      ? { channelKernel: scalarChannelKernel({ f: spec.f, df: spec.df, dparam: spec.dparam! }, learnable[0]!) }
      : {}),
  });
}

function requireFunctions(where: string, spec: object, names: readonly string[]): void {
  for (const n of names) {
    if (typeof (spec as Record<string, unknown>)[n] !== 'function')
      throw new TypeError(`${where}: ${n} must be a function`);
  }
}

function checkParamSpecs(where: string, params: ParamSpecs): void {
  if (typeof params !== 'object' || params === null) throw new TypeError(`${where}: params must be an object`);
  for (const [name, s] of Object.entries(params)) {
    if (!/^[a-z][A-Za-z0-9]*$/.test(name))
      throw new TypeError(`${where}: parameter name ${describe(name)} must be camelCase`);
    const problem = paramProblem(s, s.default);
    if (problem)
      throw new TypeError(
        `${where}: the default of ${name} (${describe(s.default)}) is invalid: it must be ${problem.allowed}`,
      );
  }
}

export function learnableParam(spec: ActivationSpec): string | undefined {
  return Object.keys(spec.params).find((k) => {
    const s = spec.params[k]!;
    return !isChoiceParam(s) && s.learnable !== undefined;
  });
}
export const hasLearnableParams = (spec: ActivationSpec): boolean => learnableParam(spec) !== undefined;
export const hasRandomParams = (spec: ActivationSpec): boolean =>
  Object.values(spec.params).some((s) => !isChoiceParam(s) && s.random === true);
