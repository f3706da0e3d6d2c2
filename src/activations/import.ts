/**
 * Loading activations from modules: the CLI's `--import ./my-activation.mjs` and the worker
 * threads of `actlab compare`/`dead` (each its own realm, with its own registry) go through here,
 * so an activation defined in a user's module works wherever a built-in one does.
 */
import type { ActivationSpec } from './define.js';
import { activations, registerActivation } from './registry.js';

/** A spec made by defineActivation (of this copy of actlab or another: it is plain data and functions). */
const isSpec = (v: unknown): v is ActivationSpec =>
  typeof v === 'object' && v !== null && 'id' in v && 'kind' in v && 'kernel' in v && 'params' in v;

/**
 * Imports each module (a URL or specifier `import()` understands). A module registers its
 * activations itself (`registerActivation(spec)`) or exports specs made by `defineActivation`,
 * which are registered here. Resolves to the ids registered by these imports, in order.
 * @example await importActivations([pathToFileURL('./bent-identity.mjs').href]) // ['bent_identity']
 */
export async function importActivations(modules: readonly string[]): Promise<string[]> {
  const before = new Set(activations);
  for (const specifier of modules) {
    const exported = (await import(specifier)) as Record<string, unknown>;
    for (const value of Object.values(exported))
      if (isSpec(value) && !activations.includes(value)) registerActivation(value);
  }
  return activations.filter((s) => !before.has(s)).map((s) => s.id);
}
