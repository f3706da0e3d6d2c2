/**
 * What a model builder is: a function from a plain-data spec (the `builder` part of model.json)
 * to an `nn.Sequential`, with the checks that turn untrusted JSON into a spec and a one-line
 * description for reports. The registry (registry.ts) maps each spec's `kind` to its builder.
 */
import type { Sequential } from '../nn/container.js';
import type { Generator } from '../tensor/random.js';

/** An activation by registry id (or alias) with parameter overrides: plain data, as model.json stores it. */
export interface ActivationRef {
  id: string;
  /** Overrides of the spec's defaults (e.g. `{ negativeSlope: 0.2 }`). */
  params?: Readonly<Record<string, number | string>>;
}

/** Every spec names its builder. */
export interface ModelSpecBase {
  readonly kind: string;
}

export interface BuildOptions {
  /** Source of the initial weights (default: the generator `manualSeed` seeds). */
  generator?: Generator;
}

export interface ModelBuilder<S extends ModelSpecBase = ModelSpecBase> {
  readonly kind: S['kind'];
  /** One line for `--help` and docs. */
  readonly summary: string;
  /** A freshly initialised network. */
  build(spec: S, options?: BuildOptions): Sequential;
  /**
   * Checks untrusted data (parsed model.json, CLI settings) and returns a spec.
   * @throws TypeError or RangeError naming `where`, the field, the bad value and what is allowed.
   */
  parse(raw: Readonly<Record<string, unknown>>, where: string): S;
  /** The network in one line, e.g. "784 → 64 → 64 → 10". */
  describe(spec: S): string;
}

// ---- field checks shared by the builders' parse() ---------------------------------------------

const show = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : (JSON.stringify(v) ?? String(v)));

/** A list of positive integers (`min` entries at least). */
export function positiveInts(raw: unknown, field: string, where: string, min = 0): number[] {
  if (!Array.isArray(raw) || raw.length < min || !raw.every((v) => Number.isInteger(v) && (v as number) >= 1)) {
    throw new RangeError(
      `${where}: ${field} must be a list of ${min > 0 ? `at least ${min} ` : ''}positive integers, got ${show(raw)}`,
    );
  }
  return [...(raw as number[])];
}

export function positiveInt(raw: unknown, field: string, where: string): number {
  if (!Number.isInteger(raw) || (raw as number) < 1)
    throw new RangeError(`${where}: ${field} must be a positive integer, got ${show(raw)}`);
  return raw as number;
}

export function oneOf<T extends string>(raw: unknown, field: string, where: string, allowed: readonly T[]): T {
  if (!(allowed as readonly unknown[]).includes(raw))
    throw new RangeError(`${where}: ${field} must be one of ${allowed.join(', ')}, got ${show(raw)}`);
  return raw as T;
}

/** `{ id, params? }` with string/number parameter values. */
export function activationRef(raw: unknown, field: string, where: string): ActivationRef {
  const r = raw as { id?: unknown; params?: unknown } | null;
  if (typeof r !== 'object' || r === null || typeof r.id !== 'string') {
    throw new TypeError(
      `${where}: ${field} must be an object { id, params? } naming a registry activation, got ${show(raw)}`,
    );
  }
  if (r.params === undefined) return { id: r.id };
  const params = r.params as Record<string, unknown>;
  const ok =
    typeof params === 'object' &&
    params !== null &&
    !Array.isArray(params) &&
    Object.values(params).every((v) => typeof v === 'number' || typeof v === 'string');
  if (!ok) throw new TypeError(`${where}: ${field}.params must map names to numbers or strings, got ${show(r.params)}`);
  return { id: r.id, params: { ...(params as Record<string, number | string>) } };
}
