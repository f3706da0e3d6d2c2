import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineChart, svgToPng, writeChart } from '../../src/plot/node/index.js';

/** Width and height from a PNG's IHDR chunk (bytes 16–23, big-endian). */
function pngSize(png: Uint8Array): [number, number] {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(Buffer.from(png.subarray(12, 16)).toString('ascii')).toBe('IHDR');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return [view.getUint32(16), view.getUint32(20)];
}

const chart = lineChart({ title: 'relu', series: [{ name: 'relu', x: [-1, 0, 1], y: [0, 0, 1] }] });

describe('svgToPng', () => {
  it('renders at the SVG size by default and at the requested width', () => {
    expect(pngSize(svgToPng(chart))).toEqual([960, 600]);
    expect(pngSize(svgToPng(chart, { width: 480 }))).toEqual([480, 300]);
  });

  it('rejects bad widths and unparsable SVG', () => {
    expect(() => svgToPng(chart, { width: 0 })).toThrow(/width must be/);
    expect(() => svgToPng(chart, { width: 10.5 })).toThrow(/whole number/);
    expect(() => svgToPng('')).toThrow(RangeError);
    expect(() => svgToPng('<svg width="10" height="10"></svg>')).toThrow(/svgToPng: resvg could not parse/);
  });
});

describe('writeChart', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'actlab-plot-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes .svg and .png side by side, creating directories', async () => {
    for (const name of ['a/b/chart.png', 'c/chart.SVG']) {
      const out = await writeChart(chart, join(dir, name), { width: 320 });
      expect(await readFile(out.svgPath, 'utf8')).toBe(chart);
      expect(pngSize(await readFile(out.pngPath))).toEqual([320, 200]);
      expect(out.svgPath.replace(/\.svg$/, '')).toBe(out.pngPath.replace(/\.png$/, ''));
    }
  });

  it('names the path it cannot use', async () => {
    await expect(writeChart(chart, join(dir, 'chart.jpg'))).rejects.toThrow(
      /must be a file path ending in .png or .svg/,
    );
    await expect(writeChart(chart, join(dir, '.png'))).rejects.toThrow(RangeError);
    const file = join(dir, 'not-a-dir');
    await writeFile(file, 'x');
    await expect(writeChart(chart, join(file, 'sub', 'chart.png'))).rejects.toThrow(
      /writeChart: cannot create directory .*not-a-dir/,
    );
  });
});
