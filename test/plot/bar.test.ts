import { describe, expect, it } from 'vitest';
import { barChart } from '../../src/plot/index.js';
import { assertWellFormed, count } from './svg-check.js';

describe('barChart', () => {
  const categories = ['relu', 'gelu', 'tanh'];
  const series = [
    { name: 'lr 0.01', values: [0.1, 0.02, 0] },
    { name: 'lr 0.1', values: [0.4, NaN, 0.01] },
  ];

  it('draws one bar per finite value and a legend for several series', () => {
    const svg = barChart({ title: 'dead units', categories, series });
    assertWellFormed(svg);
    expect(count(svg, /class="bar"/)).toBe(5);
    expect(count(/<g class="legend">(.*?)<\/g>/.exec(svg)![1]!, /<text /)).toBe(2);
    expect(barChart({ categories, series: [series[0]!] })).not.toContain('class="legend"');
  });

  it('draws negative values below the zero line', () => {
    const svg = barChart({ categories: ['a', 'b'], series: [{ name: 's', values: [1, -1] }] });
    expect(svg).toContain('stroke="#8c8c8c"');
  });

  it('rejects bad input', () => {
    expect(() => barChart({ categories: [], series })).toThrow(/categories/);
    expect(() => barChart({ categories, series: [] })).toThrow(/series must be/);
    expect(() => barChart({ categories, series: [{ name: 's', values: [1] }] })).toThrow(
      /has 1 values but there are 3 categories/,
    );
  });
});
