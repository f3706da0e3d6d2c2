/** docs/activations.md is generated from the registry; it must be current (`npm run docs`). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinActivations } from '../../src/activations/index.js';
import { DOC_PATH, renderActivationsDoc } from '../../scripts/gen-docs.js';

describe('docs/activations.md', () => {
  const committed = readFileSync(DOC_PATH, 'utf8');

  it('is what `npm run docs` writes from the registry today', () => {
    expect(committed === renderActivationsDoc(), 'docs/activations.md is stale: run `npm run docs`').toBe(true);
  });

  it('has an overview row and a section for every built-in activation', () => {
    for (const s of builtinActivations) {
      expect(committed, s.id).toContain(`| [${s.name}](#${s.id}) |`);
      expect(committed, s.id).toContain(`<a id="${s.id}"></a>`);
    }
  });
});
