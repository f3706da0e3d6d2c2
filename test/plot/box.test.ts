import { describe, expect, it } from 'vitest';
import { boxPlot, boxStats, quantileSorted } from '../../src/plot/index.js';
import { assertWellFormed, count } from './svg-check.js';

describe('boxStats', () => {
  it('uses linear-interpolation quartiles (NumPy default) and 1.5·IQR whiskers', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
    const s = boxStats([4, 1, 3, 2, NaN])!;
    expect([s.q1, s.median, s.q3, s.low, s.high]).toEqual([1.75, 2.5, 3.25, 1, 4]);
    const o = boxStats([1, 2, 3, 4, 5, 6, 7, 8, 100])!;
    expect(o.outliers).toEqual([100]);
    expect(o.high).toBe(8);
    expect(boxStats([NaN])).toBeUndefined();
  });
});

describe('boxPlot', () => {
  const groups = [
    { name: 'relu', values: [0.95, 0.96, 0.94, 0.955, 0.5] },
    { name: 'gelu', values: [0.96, 0.965, 0.97] },
    { name: 'diverged', values: [NaN] },
  ];

  it('draws a box per group with data, every finite value as a point, and marks missing data', () => {
    const svg = boxPlot({ title: 'accuracy', yLabel: 'acc', groups });
    assertWellFormed(svg);
    expect(count(svg, /<g class="box"/)).toBe(2);
    expect(count(svg, /<circle /)).toBe(8);
    expect(count(svg, /fill="#ffffff" fill-opacity="1"/)).toBe(1); // the outlier 0.5 is hollow
    expect(svg).toContain('no data');
    expect(count(boxPlot({ groups, points: false }), /<circle /)).toBe(0);
  });

  it('tilts long category names instead of overlapping them', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ name: `a long activation name ${i}`, values: [i, i + 1] }));
    expect(boxPlot({ groups: many })).toContain('rotate(-35');
    expect(boxPlot({ groups })).not.toContain('rotate(-35');
  });

  it('rejects bad input', () => {
    expect(() => boxPlot({ groups: [] })).toThrow(/groups must be a non-empty array/);
    expect(() => boxPlot({ groups: [{ name: 'a', values: 3 as unknown as number[] }] })).toThrow(/groups\[0\]/);
    expect(() => boxPlot({ groups, width: -1 })).toThrow(RangeError);
  });
});
