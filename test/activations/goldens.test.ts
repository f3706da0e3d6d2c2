/** PyTorch conformance: every golden case of test/fixtures/activations.json, both dtypes. */
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinActivations } from '../../src/activations/index.js';
import { FIXTURE, loadGoldens, runCase } from './goldens.js';

const present = existsSync(FIXTURE);
const goldens = present ? loadGoldens() : { torch: '', cases: [] };
const tally = { cases: 0, casesPassed: 0, values: 0, passed: 0, documented: 0 };

describe.skipIf(!present)(`PyTorch ${goldens.torch} goldens`, () => {
  it('cover every built-in activation', () => {
    const ids = new Set(goldens.cases.map((c) => c.id));
    expect(builtinActivations.map((s) => s.id).filter((id) => !ids.has(id))).toEqual([]);
  });

  goldens.cases.forEach((c, n) => {
    it(`#${n} ${c.id} ${c.tag} ${JSON.stringify(c.params)} [${c.shape}]`, () => {
      const r = runCase(c);
      tally.cases++;
      tally.values += r.passed + r.documented + r.failures.length;
      tally.passed += r.passed;
      tally.documented += r.documented;
      if (r.failures.length === 0) tally.casesPassed++;
      expect(r.failures.slice(0, 8), `${r.failures.length} mismatches`).toEqual([]);
    });
  });

  afterAll(() => {
    console.log(
      `goldens: ${tally.casesPassed}/${tally.cases} cases pass; ${tally.passed} of ${tally.values} values agree with torch, ` +
        `${tally.documented} sit at documented differences (checked against actlab's reference)`,
    );
  });
});
