/**
 * Activation parameters: how a spec declares them (number with range, or a choice), how values
 * are checked against a declaration, and their defaults.
 */

interface ParamCommon {
  /** One line: what the parameter does. */
  readonly doc?: string;
  /** False for parameters PyTorch's function does not take (actlab extensions). */
  readonly torch?: boolean;
}

export interface NumberParam extends ParamCommon {
  readonly default: number;
  readonly min?: number;
  readonly max?: number;
  readonly exclusiveMin?: number;
  readonly exclusiveMax?: number;
  readonly integer?: boolean;
  /** ±Infinity accepted (a bound that is "off"). */
  readonly allowInfinity?: boolean;
  /** 'always': a tensor argument (PReLU's weight); 'optional': a number, or a tensor to learn it (Swish β). */
  readonly learnable?: 'always' | 'optional';
  /** Describes a random draw in training (RReLU's slope bounds). */
  readonly random?: boolean;
}

export interface ChoiceParam extends ParamCommon {
  readonly choices: readonly string[];
  readonly default: string;
}

export type ParamSpec = NumberParam | ChoiceParam;
export type ParamSpecs = { readonly [name: string]: ParamSpec };

export type ParamValue<S> = S extends { readonly choices: readonly (infer C extends string)[] } ? C : number;
export type ParamValues<P> = { readonly [K in keyof P]: ParamValue<P[K]> };

export const isChoiceParam = (s: ParamSpec): s is ChoiceParam => 'choices' in s;

/** What is wrong with `value` for parameter spec `s` (null when it is allowed). */
export function paramProblem(s: ParamSpec, value: unknown): { kind: 'type' | 'range'; allowed: string } | null {
  if (isChoiceParam(s)) {
    const allowed = `one of ${s.choices.map((c) => `'${c}'`).join(', ')}`;
    if (typeof value !== 'string') return { kind: 'type', allowed };
    return s.choices.includes(value) ? null : { kind: 'range', allowed };
  }
  const allowed = numberRangeText(s);
  if (typeof value !== 'number') return { kind: 'type', allowed };
  const bad =
    Number.isNaN(value) ||
    (!s.allowInfinity && !Number.isFinite(value)) ||
    (s.integer === true && !Number.isInteger(value)) ||
    (s.min !== undefined && value < s.min) ||
    (s.max !== undefined && value > s.max) ||
    (s.exclusiveMin !== undefined && value <= s.exclusiveMin) ||
    (s.exclusiveMax !== undefined && value >= s.exclusiveMax);
  return bad ? { kind: 'range', allowed } : null;
}

/** "a finite number > 0", "an integer ≥ 1", "a number in [0, 1]"… */
export function numberRangeText(s: NumberParam): string {
  const what = s.integer ? 'an integer' : s.allowInfinity ? 'a number (±Infinity allowed)' : 'a finite number';
  const lo = s.min !== undefined ? `≥ ${s.min}` : s.exclusiveMin !== undefined ? `> ${s.exclusiveMin}` : '';
  const hi = s.max !== undefined ? `≤ ${s.max}` : s.exclusiveMax !== undefined ? `< ${s.exclusiveMax}` : '';
  return [what, lo, hi && lo ? `and ${hi}` : hi].filter(Boolean).join(' ');
}

/** The default value of every parameter. */
export function paramDefaults<P extends ParamSpecs>(params: P): ParamValues<P> {
  return Object.fromEntries(Object.entries(params).map(([k, s]) => [k, s.default])) as ParamValues<P>;
}
