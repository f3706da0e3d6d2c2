import { describe, expect, it } from 'vitest';
import { lineChart } from '../../src/plot/index.js';
import { assertWellFormed, count, pathsOfClass } from './svg-check.js';

describe('lineChart markers', () => {
  it('line: false with markers is a scatter plot (dots, no path, point swatches)', () => {
    const svg = lineChart({
      series: [
        { name: 'a', x: [0.9, 0.95], y: [0.3, 0.4], markers: true, line: false },
        { name: 'b', x: [0.92], y: [0.35], markers: true, line: false },
      ],
    });
    assertWellFormed(svg);
    expect(pathsOfClass(svg, 'series')).toHaveLength(0);
    expect(count(svg, /<circle cx=/)).toBe(3 + 2); // the dots and the two legend swatches
  });

  it('markers on a line are drawn after it; NaN points get no dot', () => {
    const svg = lineChart({ series: [{ name: 'c', x: [0, 0.1, 0.2], y: [1, NaN, 0.5], markers: true }] });
    expect(pathsOfClass(svg, 'series')).toHaveLength(1);
    expect(svg.indexOf('class="series"')).toBeLessThan(svg.indexOf('<circle cx='));
    expect(count(svg, /<circle cx="[\d.]+" cy/)).toBe(2);
  });
});
