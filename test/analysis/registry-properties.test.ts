/**
 * Every elementwise activation in the registry: its declared properties agree with the ones
 * measured from its f and f′, and f′ agrees with finite differences of f. Registry-driven, so a
 * new activation is checked by being registered.
 */
import { describe, expect, it } from 'vitest';
import { activations } from '../../src/activations/registry.js';
import { resolveActivation } from '../../src/activations/resolve.js';
import { checkProperties, mismatches } from '../../src/analysis/check.js';
import { measureProperties } from '../../src/analysis/properties.js';

const elementwise = activations.filter((s) => s.kind === 'elementwise');

describe('declared vs measured properties', () => {
  it('covers the registry', () => {
    expect(elementwise.length).toBeGreaterThanOrEqual(25);
  });

  it.each(elementwise.map((s) => [s.id]))('%s', (id) => {
    const act = resolveActivation(id);
    const measured = measureProperties(act);
    const checks = checkProperties(act.spec.properties, measured);
    expect(mismatches(checks)).toEqual([]);
    // Every kink or jump found is listed in the spec with its gradient convention. The spec may list
    // more: points where f is C1 but not C2 (ELU with α = 1, squared ReLU) still have a convention.
    const declaredKinks = act.spec.kinks(act.params as never).map((k) => k.x);
    for (const x of [...measured.kinks, ...measured.discontinuities])
      expect(declaredKinks).toContainEqual(expect.closeTo(x, 6));
    expect(measured.derivativeError).toBeLessThan(1e-5);
  });
});
