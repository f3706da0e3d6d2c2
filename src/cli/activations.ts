/**
 * Activation names and `--param` values on the command line, resolved through the registry:
 * an unknown name or a bad value is a usage error (one line, exit code 2) naming what is allowed.
 */
import { activations, getActivation, nearestActivations } from '../activations/registry.js';
import type { ActivationSpec, ElementwiseSpec } from '../activations/define.js';
import { parseParamValue, resolveActivation, type ResolvedActivation } from '../activations/resolve.js';
import { UsageError } from './errors.js';
import type { ParamSetting } from './options.js';

/**
 * The spec of `name` (an id, alias, F name or module name). An unknown name lists the nearest
 * ids — only elementwise ones when the command needs one.
 */
export function specOf(name: string, elementwiseOnly = false): ActivationSpec {
  try {
    return getActivation(name);
  } catch {
    const near = nearestActivations(name, activations.length)
      .filter((id) => !elementwiseOnly || getActivation(id).kind === 'elementwise')
      .slice(0, 3);
    throw new UsageError(
      `unknown activation '${name}'; did you mean ${near.join(', ')}? (actlab list shows all ${activations.length}; ` +
        'a custom one needs --import <module>)',
    );
  }
}

/** The spec of an elementwise activation (hidden layers, plots and properties need one). */
export function elementwiseSpecOf(name: string, why = 'this command needs an elementwise one'): ElementwiseSpec {
  const spec = specOf(name, true);
  if (spec.kind !== 'elementwise')
    throw new UsageError(`${spec.id} is a dim-wise activation (it mixes values along a dim); ${why}`);
  return spec;
}

/** The canonical id of `name`. */
export const activationId = (name: string): string => elementwiseSpecOf(name).id;

/** Canonical ids of a list, duplicates (e.g. an id and its alias) removed. */
export function activationIdList(names: readonly string[]): string[] {
  return [...new Set(names.map(activationId))];
}

/**
 * Parameter values for activation `id` from `--param` settings: `name=value` applies to every
 * activation of the command that has `name`; `id.name=value` to that activation only.
 * @throws UsageError when a setting applies to none of `ids`, or a value is not allowed.
 */
export function resolveParams(
  id: string,
  settings: readonly ParamSetting[],
  ids: readonly string[] = [id],
): Record<string, number | string> {
  const spec = elementwiseSpecOf(id);
  const out: Record<string, number | string> = {};
  for (const s of settings) {
    const target = s.id === undefined ? undefined : elementwiseSpecOf(s.id).id;
    if (target !== undefined && !ids.includes(target))
      throw new UsageError(`--param ${s.id}.${s.name}: ${s.id} is not among the activations (${ids.join(', ')})`);
    const applies = target === undefined ? Object.hasOwn(spec.params, s.name) : target === spec.id;
    if (!applies) {
      if (target === undefined && !ids.some((other) => Object.hasOwn(getActivation(other).params, s.name))) {
        const names = (other: string): string => Object.keys(getActivation(other).params).join(', ') || 'none';
        throw new UsageError(
          ids.length === 1
            ? `--param ${s.name}: ${id} has no parameter '${s.name}' (its parameters: ${names(id)})`
            : `--param ${s.name}: none of ${ids.join(', ')} has a parameter '${s.name}' (${ids.map((o) => `${o}: ${names(o)}`).join('; ')})`,
        );
      }
      continue;
    }
    out[s.name] = parseParamValue(spec, s.name, s.value);
  }
  try {
    resolveActivation(spec.id, out);
  } catch (err) {
    throw new UsageError(`--param: ${err instanceof Error ? err.message : String(err)}`);
  }
  return out;
}

/** Resolves an activation with parameters, as a usage error when something is wrong. */
export function resolveForCli(id: string, params: Record<string, number | string> = {}): ResolvedActivation {
  try {
    return resolveActivation(activationId(id), params);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}
