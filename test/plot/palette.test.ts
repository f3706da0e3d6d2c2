import { describe, expect, it } from 'vitest';
import { colorAt, mixHex, palette } from '../../src/plot/index.js';

describe('palette', () => {
  it('has ten distinct hex colours and cycles', () => {
    expect(palette).toHaveLength(10);
    expect(new Set(palette.map((c) => c.toLowerCase())).size).toBe(10);
    for (const c of palette) expect(c).toMatch(/^#[0-9A-Fa-f]{6}$/);
    expect(colorAt(10)).toBe(colorAt(0));
    expect(colorAt(-1)).toBe(colorAt(9));
  });

  it('mixes colours linearly', () => {
    expect(mixHex('#000000', '#ffffff', 0.5)).toBe('#808080');
    expect(mixHex('#fff', '#0072B2', 0)).toBe('#ffffff');
    expect(mixHex('#fff', '#0072B2', 1)).toBe('#0072b2');
    expect(() => mixHex('red', '#fff', 0.5)).toThrow(/mixHex/);
  });
});
