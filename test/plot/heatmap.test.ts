import { describe, expect, it } from 'vitest';
import { contourSegments, decisionBoundary } from '../../src/plot/index.js';
import { assertWellFormed, count, pathsOfClass } from './svg-check.js';

function xorGrid(n: number): Float64Array {
  const v = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const x = -1 + (2 * i) / (n - 1);
      const y = -1 + (2 * j) / (n - 1);
      v[j * n + i] = 1 / (1 + Math.exp(-8 * x * y));
    }
  }
  return v;
}

describe('contourSegments', () => {
  it('finds the crossing by linear interpolation', () => {
    // 3×2 grid: p = 0, 0.25, 1 along x; the 0.5 level lies at i = 1 + 1/3.
    const segs = contourSegments([0, 0.25, 1, 0, 0.25, 1], 3, 2, 0.5);
    expect(segs).toHaveLength(1);
    const [x0, y0, x1, y1] = segs[0]!;
    expect(x0).toBeCloseTo(4 / 3);
    expect(x1).toBeCloseTo(4 / 3);
    expect([y0, y1].sort()).toEqual([0, 1]);
    expect(contourSegments([0, NaN, 1, 1], 2, 2, 0.5)).toHaveLength(0);
  });
});

describe('decisionBoundary', () => {
  const points = { x: [-0.5, 0.5, 0.5, -0.5], y: [-0.5, 0.5, -0.5, 0.5], label: [1, 1, 0, 0] };

  it('draws a probability heat map, the p = 0.5 line, points and a colour bar', () => {
    const svg = decisionBoundary({
      title: 'XOR',
      xRange: [-1, 1],
      yRange: [-1, 1],
      grid: { nx: 41, ny: 41, values: xorGrid(41) },
      points,
    });
    assertWellFormed(svg);
    expect(svg).toContain('shape-rendering="crispEdges"');
    const heat = /<g shape-rendering="crispEdges" class="heatmap">(.*?)<\/g>/.exec(svg)![1]!;
    expect(count(heat, /<rect /)).toBeGreaterThan(41); // runs merged, yet more than one per row
    expect(count(heat, /<rect /)).toBeLessThan(41 * 41);
    expect(pathsOfClass(svg, 'boundary')).toHaveLength(1);
    expect(count(/<g class="points">(.*?)<\/g>/.exec(svg)![1]!, /<circle /)).toBe(4);
    expect(svg).toContain('P(class 1)');
    expect(svg).toContain('linearGradient');
  });

  it('detects class indices and names the classes', () => {
    const values = Array.from({ length: 9 }, (_, k) => k % 3);
    const svg = decisionBoundary({
      xRange: [0, 1],
      yRange: [0, 1],
      grid: { nx: 3, ny: 3, values },
      classNames: ['a', 'b', 'c'],
    });
    assertWellFormed(svg);
    expect(pathsOfClass(svg, 'boundary')).toHaveLength(0);
    expect(count(/<g class="legend">(.*?)<\/g>/.exec(svg)![1]!, /<text /)).toBe(3);
    expect(svg).toContain('>c</text>');
  });

  it('rejects bad input with a RangeError naming the argument', () => {
    const grid = { nx: 2, ny: 2, values: [0, 1, 1, 0] };
    const base = { xRange: [0, 1] as [number, number], yRange: [0, 1] as [number, number], grid };
    expect(() => decisionBoundary({ ...base, grid: { nx: 2, ny: 2, values: [0, 1, 1] } })).toThrow(
      /grid.values has length 3 but nx·ny = 4/,
    );
    expect(() => decisionBoundary({ ...base, grid: { nx: 1, ny: 2, values: [0, 1] } })).toThrow(/grid.nx/);
    expect(() => decisionBoundary({ ...base, grid: { nx: 2, ny: 2, values: [0, 1, 1, 1.5] } })).toThrow(
      /not a probability/,
    );
    expect(() => decisionBoundary({ ...base, kind: 'class', grid: { nx: 2, ny: 2, values: [0, 1, 1, 0.5] } })).toThrow(
      /class index/,
    );
    expect(() => decisionBoundary({ ...base, xRange: [1, 1] })).toThrow(/xRange/);
    expect(() => decisionBoundary({ ...base, points: { x: [0], y: [0, 1], label: [0] } })).toThrow(/equal lengths/);
    expect(() => decisionBoundary({ ...base, points: { x: [0], y: [0], label: [-1] } })).toThrow(/points.label\[0\]/);
  });
});
