import { describe, expect, it } from 'vitest';
import { lineChart } from '../../src/plot/index.js';
import { assertWellFormed, count, pathsOfClass } from './svg-check.js';

const xs = Array.from({ length: 101 }, (_, i) => -5 + i / 10);
const relu = xs.map((x) => Math.max(0, x));
const sig = xs.map((x) => 1 / (1 + Math.exp(-x)));

describe('lineChart', () => {
  it('writes a well-formed SVG with one path and one legend entry per series', () => {
    const svg = lineChart({
      title: 'f & f′',
      xLabel: 'x',
      yLabel: 'y',
      series: [
        { name: 'relu', x: xs, y: relu },
        { name: 'sigmoid', x: xs, y: sig },
        { name: "sigmoid'", x: xs, y: sig, dashed: true },
      ],
    });
    assertWellFormed(svg);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain('width="960" height="600"');
    expect(pathsOfClass(svg, 'series')).toHaveLength(3);
    const legend = /<g class="legend">(.*?)<\/g>/.exec(svg)![1]!;
    expect(count(legend, /<text /)).toBe(3);
    expect(legend).toContain('sigmoid&apos;');
    expect(count(svg, /stroke-dasharray="7 4"/)).toBe(2); // the dashed series and its swatch
    expect(svg).toContain('f &amp; f′');
  });

  it('puts x ticks only at whole numbers when every x is one (epochs), and anywhere otherwise', () => {
    // The x tick labels: centred numbers under the axis (the title is not a number).
    const xTicks = (svg: string): string[] =>
      [...svg.matchAll(/<text x="[^"]*" y="[^"]*" text-anchor="middle">([^<]*)<\/text>/g)]
        .map((m) => m[1]!)
        .filter((t) => /^[\d.,−-]+$/.test(t));
    const epochs = [0, 1, 2, 3];
    const curve = { name: 'loss', x: epochs, y: [2, 1, 0.5, 0.4] };
    expect(xTicks(lineChart({ title: 'loss per epoch', series: [curve] }))).toEqual(['0', '1', '2', '3']);
    // Without the rule d3 would tick every 0.5 on this short axis.
    expect(xTicks(lineChart({ series: [curve], integerX: false }))).toContain('0.5');
    expect(xTicks(lineChart({ series: [{ ...curve, x: [0, 1, 2, 3.5] }] }))).toContain('0.5');
    const long = Array.from({ length: 2001 }, (_, i) => i);
    const ticks = xTicks(lineChart({ series: [{ name: 'l', x: long, y: long }] }));
    expect(ticks).toContain('1,000');
    expect(ticks.every((t) => Number.isInteger(Number(t.replace(/,/g, ''))))).toBe(true);
  });

  it('breaks the line at NaN and ±Inf instead of failing', () => {
    const y = relu.slice();
    y[30] = NaN;
    y[60] = Infinity;
    y[80] = -Infinity;
    const [d] = pathsOfClass(lineChart({ series: [{ name: 'relu', x: xs, y }] }), 'series');
    expect(count(d!, /M/)).toBe(4);
    expect(d).not.toMatch(/NaN|Infinity/);
  });

  it('draws a dot for a point with no finite neighbour (a run that diverged after epoch 0)', () => {
    const svg = lineChart({
      series: [
        { name: 'ok', x: [0, 1, 2], y: [0, 0.5, 0.6] },
        { name: 'diverged', x: [0, 1, 2], y: [0.1, NaN, NaN] },
      ],
    });
    expect(count(svg, /class="series-point"/)).toBe(1);
    expect(count(lineChart({ series: [{ name: 'a', x: xs, y: relu }] }), /class="series-point"/)).toBe(0);
  });

  it('breaks at non-positive values on a log axis and labels decades', () => {
    const x = [1, 2, 3, 4, 5, 6];
    const svg = lineChart({ logY: true, series: [{ name: 'g', x, y: [1, 1e-2, 0, 1e-4, 1e-5, 1e-6] }] });
    assertWellFormed(svg);
    expect(count(pathsOfClass(svg, 'series')[0]!, /M/)).toBe(2);
    expect(svg).toContain('10⁻⁶');
  });

  it('takes a log x axis: decade ticks, no zero line, points at x ≤ 0 left out', () => {
    const svg = lineChart({
      logX: true,
      logY: true,
      series: [{ name: 'e', x: [0, 1, 4, 16, 256], y: [1, 1, 0.5, 0.1, 0.01] }],
    });
    assertWellFormed(svg);
    expect(svg).toMatch(/>100</);
    expect(count(pathsOfClass(svg, 'series')[0]!, /M/)).toBe(1);
    expect(count(svg, /stroke="#8c8c8c"/)).toBe(0);
  });

  it('draws zero lines only when 0 is inside the ranges', () => {
    const zero = (svg: string): number => count(svg, /stroke="#8c8c8c"/);
    expect(zero(lineChart({ series: [{ name: 'a', x: xs, y: xs }] }))).toBe(1);
    expect(zero(lineChart({ series: [{ name: 'a', x: [1, 2], y: [1, 2] }] }))).toBe(0);
  });

  it('clips to a fixed yDomain, keeps huge values finite and survives all-NaN data', () => {
    const svg = lineChart({ yDomain: [-1, 2], series: [{ name: 'e', x: xs, y: xs.map((x) => Math.exp(10 * x)) }] });
    assertWellFormed(svg);
    expect(svg).toContain('clip-path="url(#clip-');
    expect(pathsOfClass(svg, 'series')[0]).not.toMatch(/e\+|NaN|Infinity/);
    assertWellFormed(lineChart({ series: [{ name: 'nan', x: [1, 2], y: [NaN, NaN] }] }));
  });

  it('rejects bad input with a RangeError naming the argument', () => {
    expect(() => lineChart({ series: [] })).toThrow(/series must be a non-empty array/);
    expect(() => lineChart({ series: [{ name: 'a', x: [], y: [] }] })).toThrow(/series\[0\] \("a"\) is empty/);
    expect(() => lineChart({ series: [{ name: 'a', x: [1, 2], y: [1] }] })).toThrow(RangeError);
    expect(() => lineChart({ series: [{ name: 'a', x: [1, 2], y: [1] }] })).toThrow(/x of length 2 but y of length 1/);
    expect(() => lineChart({ width: 10, series: [{ name: 'a', x: [1], y: [1] }] })).toThrow(/width must be/);
    expect(() => lineChart({ height: NaN, series: [{ name: 'a', x: [1], y: [1] }] })).toThrow(/height must be/);
    expect(() => lineChart({ yDomain: [2, 1], series: [{ name: 'a', x: [1], y: [1] }] })).toThrow(/yDomain/);
    expect(() => lineChart({ logY: true, yDomain: [0, 1], series: [{ name: 'a', x: [1], y: [1] }] })).toThrow(
      /positive/,
    );
  });

  it('accepts typed arrays', () => {
    const x = Float32Array.from(xs);
    assertWellFormed(lineChart({ series: [{ name: 'f32', x, y: Float64Array.from(relu) }] }));
  });
});
