/**
 * The one property sweep over the registry: every registered activation declares each property,
 * and the property engine (src/analysis) measures every one of them to agree — settled, not
 * 'unclear'. Elementwise ones also list every kink or jump the engine finds, and their f′ agrees
 * with finite differences of f. A wrong claim, in either direction, is a 'differs' verdict.
 * Registry-driven, so a new activation is checked by being registered.
 */
import { describe, expect, it } from 'vitest';
import type { ScalarProperties, VectorProperties } from '../../src/activations/define.js';
import { paramDefaults } from '../../src/activations/params.js';
import { activations } from '../../src/activations/registry.js';
import { compareProperties } from '../../src/analysis/check.js';
import { measureProperties } from '../../src/analysis/properties.js';
import { measureVectorProperties } from '../../src/analysis/vector-properties.js';

/** Each declared property changed to another value it could take, as [property, wrong value]. */
function wrongClaims(props: Partial<ScalarProperties> | Partial<VectorProperties>): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [key, value] of Object.entries(props)) {
    if (typeof value === 'boolean') out.push([key, !value]);
    if (key === 'monotonic')
      out.push(
        ...(['increasing', 'decreasing', false] as const)
          .filter((v) => v !== value)
          .map((v) => [key, v] as [string, unknown]),
      );
    if (key === 'smoothness')
      out.push(
        ...['discontinuous', 'C0', 'C1', 'Cinf'].filter((v) => v !== value).map((v) => [key, v] as [string, unknown]),
      );
    if (key === 'range') {
      const [lo, hi] = value as [number, number];
      out.push([key, [Number.isFinite(lo) ? lo + 0.01 : -1, hi]], [key, [lo, Number.isFinite(hi) ? hi - 0.01 : 1]]);
    }
  }
  return out;
}

describe('declared vs measured properties, every registered activation', () => {
  it('covers the registry, elementwise and dim-wise', () => {
    expect(activations.filter((s) => s.kind === 'elementwise').length).toBeGreaterThanOrEqual(25);
    expect(activations.filter((s) => s.kind === 'dimwise').length).toBeGreaterThanOrEqual(5);
  });

  it.each(activations.map((s) => [s.id, s] as const))('%s', (_id, spec) => {
    const measured = spec.kind === 'dimwise' ? measureVectorProperties(spec) : measureProperties(spec);
    const checks = compareProperties(spec.properties, measured);
    const unsettled = checks.filter((c) => c.verdict !== 'agrees' && c.verdict !== 'unmeasured');
    expect(unsettled, 'declare every property; each must agree with the measurement').toEqual([]);
    expect(checks.find((c) => c.property === 'cost')?.declared, 'cost is declared').toBeDefined();

    for (const [property, wrong] of wrongClaims(spec.properties)) {
      const verdict = compareProperties({ ...spec.properties, [property]: wrong }, measured).find(
        (c) => c.property === property,
      )?.verdict;
      expect(verdict, `${property} declared ${JSON.stringify(wrong)}`).toBe('differs');
    }

    if (spec.kind === 'elementwise' && 'kinks' in measured) {
      // Every kink or jump found is listed in the spec with its gradient convention. The spec may list
      // more: points where f is C1 but not C2 (ELU with α = 1, squared ReLU) still have a convention.
      const declaredKinks = spec.kinks(paramDefaults(spec.params) as never).map((k) => k.x);
      for (const x of [...measured.kinks, ...measured.discontinuities])
        expect(declaredKinks).toContainEqual(expect.closeTo(x, 6));
      expect(measured.derivativeError).toBeLessThan(1e-5);
    }
  });
});
