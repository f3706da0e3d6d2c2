/**
 * PyTorch conformance: every golden case of test/fixtures/activations.json, both dtypes. The
 * fixture is committed: a missing one fails here (regenerate it with `npm run fixtures`, which
 * needs /usr/bin/python3 with python3-torch), it is never a reason to skip ~240 cases.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinActivations } from '../../src/activations/index.js';
import { FIXTURE, loadGoldens, runCase } from './goldens.js';

const present = existsSync(FIXTURE);
const goldens = present ? loadGoldens() : { torch: '?', cases: [] };
const tally = { cases: 0, casesPassed: 0, values: 0, passed: 0, documented: 0 };

describe(`PyTorch ${goldens.torch} goldens`, () => {
  it('the fixture is there', () => {
    expect(present, `${fileURLToPath(FIXTURE)} is missing: run \`npm run fixtures\` (python3-torch)`).toBe(true);
  });

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
