import { describe, expect, it } from 'vitest';
import { asciiPlot } from '../../src/plot/index.js';

// eslint-disable-next-line no-control-regex -- ESC starts the ANSI colour codes being removed
const visible = (l: string): number => l.replace(/\x1b\[[0-9]+m/g, '').length;
const relu = { name: 'relu', f: (x: number) => Math.max(0, x) };
const drelu = { name: "relu'", f: (x: number) => (x > 0 ? 1 : 0) };

describe('asciiPlot', () => {
  it('fills exactly width × height, in braille for one curve', () => {
    for (const [width, height] of [
      [60, 16],
      [24, 6],
      [100, 30],
    ] as const) {
      const lines = asciiPlot(relu, { xRange: [-5, 5], width, height }).split('\n');
      expect(lines).toHaveLength(height);
      for (const l of lines) expect(l).toHaveLength(width);
    }
    const out = asciiPlot(relu, { xRange: [-5, 5] });
    expect(out).toMatch(/[\u2801-\u28ff]/);
    expect(out).toContain('relu');
    expect(out.split('\n')).toHaveLength(16);
    expect(out).toMatch(/^ *5 ┤/);
    expect(out).toMatch(/-5 +0 +5/);
  });

  it('marks two curves with distinct characters, or colours when asked', () => {
    const plain = asciiPlot([relu, drelu], { xRange: [-3, 3], width: 50, height: 12 });
    expect(plain).toContain('*');
    expect(plain).toContain('o');
    expect(plain).toContain("o relu'");
    const colored = asciiPlot([relu, drelu], { xRange: [-3, 3], width: 50, height: 12, color: true }).split('\n');
    expect(colored.join('')).toContain('\x1b[31m');
    for (const l of colored) expect(visible(l)).toBe(50);
  });

  it('draws point series, breaking at NaN, without a legend when unnamed', () => {
    const out = asciiPlot({ x: [0, 1, 2, 3], y: [0, NaN, 2, 3] }, { width: 30, height: 8, chars: 'ascii' });
    expect(out.split('\n')).toHaveLength(8);
    expect(out).not.toContain('series');
  });

  it('rejects bad input', () => {
    expect(() => asciiPlot(relu)).toThrow(/xRange is required/);
    expect(() => asciiPlot([])).toThrow(/1 to 4 curves/);
    expect(() => asciiPlot(relu, { xRange: [-1, 1], width: 10 })).toThrow(/width must be/);
    expect(() => asciiPlot(relu, { xRange: [-1, 1], height: 2 })).toThrow(/height must be/);
    expect(() => asciiPlot({ x: [1, 2], y: [1] })).toThrow(/x of length 2 but y of length 1/);
    expect(() => asciiPlot(relu, { xRange: [1, -1] })).toThrow(/xRange/);
  });
});
