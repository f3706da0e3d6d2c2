/**
 * A custom activation through the CLI: examples/bent-identity.mjs (the module of
 * docs/custom-activations.md) loaded with --import, in the main thread and in compare's workers.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../experiments/helpers.js';
import { actlab, actlabJson } from './run.js';

const tmp = tempDir('actlab-cli-custom-');
afterAll(tmp.cleanup);
const MODULE = new URL('../../examples/bent-identity.mjs', import.meta.url).pathname;

describe('--import ./my-activation.mjs', () => {
  it('list and show see the activation, and its declared properties hold', () => {
    const list = actlabJson<{ id: string }[]>('list', '--import', MODULE, '--json');
    expect(list.map((a) => a.id)).toContain('bent_identity');
    const s = actlabJson<{ id: string; mismatches: string[]; checks: { verdict: string }[] }>(
      'show',
      'bent_identity',
      '--import',
      MODULE,
      '--json',
    );
    expect(s.id).toBe('bent_identity');
    expect(s.mismatches).toEqual([]);
    expect(s.checks.filter((c) => c.verdict === 'agrees')).toHaveLength(11);
  });

  it('eval runs it through the tensor engine, with its gradient', () => {
    const r = actlabJson<{ y: number[]; grad: number[] }>(
      'eval',
      'bent_identity',
      '--import',
      MODULE,
      '--x',
      '0,1',
      '--grad',
      '--dtype',
      'float64',
      '--json',
    );
    expect(r.y).toEqual([0, (Math.SQRT2 - 1) / 2 + 1]);
    expect(r.grad[0]).toBe(1);
  });

  it('compare trains it beside relu on two worker threads, which import the module too', () => {
    const out = join(tmp.dir, 'compare');
    const s = actlabJson<{ activations: { act: string; runs: number }[] }>(
      'compare',
      '--import',
      MODULE,
      '--acts',
      'relu,bent_identity',
      '--seeds',
      '1',
      '--epochs',
      '1',
      '--dataset',
      'moons',
      '--train-size',
      '128',
      '--test-size',
      '64',
      '--hidden',
      '8',
      '--workers',
      '2',
      '--out',
      out,
      '--json',
      '--quiet',
    );
    expect(s.activations.map((a) => [a.act, a.runs])).toEqual([
      ['relu', 1],
      ['bent_identity', 1],
    ]);
  });

  it('without --import the name is unknown, and says how to add it', () => {
    const r = actlab('show', 'bent_identity');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown activation 'bent_identity'.*a custom one needs --import <module>/);
  });

  it('a missing file, a module that throws and one that defines nothing are usage errors naming it', () => {
    const missing = actlab('list', '--import', './no-such-module.mjs');
    expect([missing.status, missing.stderr]).toEqual([
      2,
      expect.stringMatching(/--import .\/no-such-module.mjs: no such file/),
    ]);
    const throws = join(tmp.dir, 'throws.mjs');
    writeFileSync(throws, "throw new Error('boom');\n");
    expect(actlab('list', '--import', throws).stderr).toMatch(/--import .*throws.mjs: boom/);
    const empty = join(tmp.dir, 'empty.mjs');
    writeFileSync(empty, 'export const answer = 42;\n');
    const r = actlab('list', '--import', empty);
    expect([r.status, r.stderr]).toEqual([2, expect.stringMatching(/the module defines no activation/)]);
  });
});
