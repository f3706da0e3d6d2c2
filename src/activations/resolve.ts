/**
 * Name resolution for tools (CLI, experiments, analyses, model builders): an elementwise
 * activation by id or alias with its parameters checked and bound — the registry spec, its
 * scalar f/f′ (for properties, plots and dead units) and the options its nn module takes
 * (`new nn.Activation(act.id, act.moduleOptions)`, for the networks they train).
 */
import type { ElementwiseSpec } from './define.js';
import { isChoiceParam, paramDefaults, paramProblem } from './params.js';
import { getActivation } from './registry.js';

export interface ResolvedActivation {
  /** The registry id (aliases resolved). */
  id: string;
  spec: ElementwiseSpec;
  /** Every parameter's value, defaults filled in. */
  params: Readonly<Record<string, number | string>>;
  /** The scalar reference with these parameters bound. */
  f(x: number): number;
  df(x: number): number;
  /** Options of the activation's module with these parameters (PReLU's weight as its `init`). */
  moduleOptions: Readonly<Record<string, number | string>>;
}

/**
 * Resolves an id or alias with parameter overrides.
 *
 * @throws RangeError for an unknown name (listing the nearest ids), a dim-wise activation
 *   (softmax & co. normalise along a dim and cannot follow a hidden layer unit by unit), an
 *   unknown parameter or a value outside its range.
 * @example resolveActivation('leaky_relu', { negativeSlope: 0.2 }).f(-1) // -0.2
 */
export function resolveActivation(
  name: string,
  overrides: Readonly<Record<string, number | string>> = {},
): ResolvedActivation {
  const spec = getActivation(name);
  if (spec.kind !== 'elementwise') {
    throw new RangeError(
      `${spec.id} is a dim-wise activation (it mixes the values along a dim); this needs an elementwise one`,
    );
  }
  for (const [key, value] of Object.entries(overrides)) {
    const ps = spec.params[key];
    if (!ps) {
      const names = Object.keys(spec.params);
      throw new RangeError(
        `${spec.id} has no parameter '${key}' (${names.length ? `its parameters: ${names.join(', ')}` : 'it takes none'})`,
      );
    }
    const problem = paramProblem(ps, value);
    if (problem) throw new RangeError(`${spec.id}: ${key} must be ${problem.allowed}, got ${JSON.stringify(value)}`);
  }
  const params = { ...paramDefaults(spec.params), ...overrides } as Record<string, number | string>;
  // PReLU's weight is a tensor the module owns: its value is the module's `init`.
  const moduleOptions = Object.fromEntries(
    Object.entries(overrides).map(([k, v]) => (isLearnedAlways(spec, k) ? ['init', v] : [k, v])),
  );
  return {
    id: spec.id,
    spec,
    params,
    f: (x) => spec.f(x, params),
    df: (x) => spec.df(x, params),
    moduleOptions,
  };
}

/** A parameter that is always a learned tensor (PReLU's weight). */
function isLearnedAlways(spec: ElementwiseSpec, key: string): boolean {
  const ps = spec.params[key]!;
  return !isChoiceParam(ps) && ps.learnable === 'always';
}

/** A value from the command line: a choice stays text; numbers accept inf/-inf. */
export function parseParamValue(spec: ElementwiseSpec, key: string, raw: string): number | string {
  const ps = spec.params[key];
  if (!ps || isChoiceParam(ps)) return raw;
  const t = raw.trim().toLowerCase();
  if (t === 'inf' || t === '+inf' || t === 'infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  const v = t === '' ? NaN : Number(t);
  return Number.isNaN(v) ? raw : v;
}
