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

  it('draws a noted cell (a diverged run) as a hatched, labelled bar, never as a value', () => {
    const svg = barChart({
      title: 'dead',
      categories,
      series: [series[0]!, { name: 'lr 1', values: [0.5, 0, NaN], notes: [null, 'diverged', 'diverged'] }],
      yDomain: [0, 1],
    });
    assertWellFormed(svg);
    expect(count(svg, /class="bar"/)).toBe(3 + 1); // the noted value 0 draws no plain bar
    expect(count(svg, /<g class="bar-note">/)).toBe(2);
    expect(count(svg, />diverged<\/text>/)).toBe(2);
    expect(count(svg, /<pattern /)).toBe(1); // one hatch per series colour
    expect(svg).toMatch(/fill="url\(#hatch-[a-z0-9]+\)"/);
    expect(() => barChart({ categories, series: [{ ...series[0]!, notes: ['diverged'] }] })).toThrow(
      /series\[0\] \("lr 0.01"\) has 1 notes but there are 3 categories/,
    );
  });

  it('rejects bad input', () => {
    expect(() => barChart({ categories: [], series })).toThrow(/categories/);
    expect(() => barChart({ categories, series: [] })).toThrow(/series must be/);
    expect(() => barChart({ categories, series: [{ name: 's', values: [1] }] })).toThrow(
      /has 1 values but there are 3 categories/,
    );
  });
});
