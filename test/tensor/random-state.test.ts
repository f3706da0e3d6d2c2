/** Generator.stateDict / loadStateDict: the stream continues exactly, between the two normals of a Box–Muller pair too. */
import { describe, expect, it } from 'vitest';
import { Generator } from '../../src/tensor/random.js';

describe('Generator state', () => {
  it('resumes the stream exactly, including the spare normal that getState leaves out', () => {
    const g = new Generator(42);
    g.random();
    g.normal(); // draws a pair; the second normal is kept
    const state = g.stateDict();
    expect(state.spareNormal).not.toBeNull();
    const expected = [g.normal(), g.normal(), g.random(), g.randint(0, 100)];
    const h = new Generator(0).loadStateDict(JSON.parse(JSON.stringify(state)));
    expect([h.normal(), h.normal(), h.random(), h.randint(0, 100)]).toEqual(expected);
    // getState/setState (words only) drops the spare: the first normal after it differs.
    const k = new Generator(0).setState(state.words);
    expect(k.normal()).not.toBe(expected[0]);
  });

  it('refuses a malformed state', () => {
    const g = new Generator(1);
    expect(() => g.loadStateDict({ words: [1, 2, 3], spareNormal: null } as never)).toThrow(
      /words must be four unsigned 32-bit integers, got \[1,2,3\]/,
    );
    expect(() => g.loadStateDict({ words: [1, 2, 3, -4], spareNormal: null })).toThrow(/unsigned 32-bit/);
    expect(() => g.loadStateDict({ words: [1, 2, 3, 4], spareNormal: 'x' as never })).toThrow(
      /spareNormal must be a number or null, got "x"/,
    );
  });
});
