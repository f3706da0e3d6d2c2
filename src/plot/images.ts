/**
 * A grid of small images with captions, e.g. clean digits, perturbations and adversarial
 * digits. Each pixel is an SVG rect (fine for the 28×28 images this is for), so the chart
 * renders through the same SVG → PNG path as every other chart.
 */
import { FONT } from './axes.js';
import { checkSize } from './check.js';
import { el, svgDocument, text } from './svg.js';

/** One image: `channels × height × width` values, row-major (1 channel: grey; 3: RGB). */
export interface GridImage {
  data: ArrayLike<number>;
  /** [channels, height, width]; channels 1 or 3. */
  shape: readonly [number, number, number];
  /**
   * 'gray' (default): values in [0, 1], 0 black. 'diverging': values in [−1, 1], 0 white,
   * negative blue, positive red (a perturbation scaled by its bound).
   */
  scale?: 'gray' | 'diverging';
  /** Up to two caption lines under the image. */
  caption?: string[];
  /** Caption colour (default dark grey), e.g. red for a misclassified example. */
  captionColor?: string;
}

export interface ImageGridSpec {
  title?: string;
  /** Rows of images, each with a label drawn on its left. */
  rows: readonly { label: string; images: readonly GridImage[] }[];
  /** Displayed size of one image in px (default 84). */
  cell?: number;
}

const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : Number.isFinite(v) ? v : 0);
const hex = (v: number): string =>
  Math.round(255 * clamp01(v))
    .toString(16)
    .padStart(2, '0');

/** The fill of one pixel. */
function pixelColor(img: GridImage, i: number, plane: number): string {
  const [c] = img.shape;
  if (img.scale === 'diverging') {
    const v = Math.max(-1, Math.min(1, Number(img.data[i]) || 0));
    // White at 0, towards #2166ac (negative) or #b2182b (positive).
    const [r, g, b] = v < 0 ? [0x21, 0x66, 0xac] : [0xb2, 0x18, 0x2b];
    const t = Math.abs(v);
    return `#${hex((255 + (r - 255) * t) / 255)}${hex((255 + (g - 255) * t) / 255)}${hex((255 + (b - 255) * t) / 255)}`;
  }
  if (c === 3) return `#${hex(img.data[i]!)}${hex(img.data[i + plane]!)}${hex(img.data[i + 2 * plane]!)}`;
  const g = hex(img.data[i]!);
  return `#${g}${g}${g}`;
}

/**
 * Draws the grid and returns a standalone SVG document.
 * @throws RangeError for no rows, an image whose data does not fill its shape, or channels other than 1 or 3.
 */
export function imageGrid(spec: ImageGridSpec): string {
  const fn = 'imageGrid';
  if (!spec.rows || spec.rows.length === 0) throw new RangeError(`${fn}: rows must be a non-empty array`);
  const cell = spec.cell ?? 84;
  checkSize(fn, 'cell', cell, 8, 1024);
  const cols = Math.max(...spec.rows.map((r) => r.images.length));
  const labelW = Math.max(90, ...spec.rows.map((r) => 8 * r.label.length + 20));
  const gap = 10;
  const captionH = 2 * (FONT.tick + 4);
  const top = spec.title ? FONT.title + 26 : 12;
  const rowH = cell + captionH + gap;
  const width = labelW + cols * (cell + gap) + gap;
  const height = top + spec.rows.length * rowH + 6;
  let body = spec.title
    ? text(spec.title, {
        x: width / 2,
        y: FONT.title + 10,
        'text-anchor': 'middle',
        'font-size': FONT.title,
        'font-weight': 'bold',
        fill: '#222222',
      })
    : '';
  spec.rows.forEach((row, r) => {
    const y0 = top + r * rowH;
    body += text(row.label, {
      x: labelW - 12,
      y: y0 + cell / 2 + 5,
      'text-anchor': 'end',
      'font-size': FONT.label,
      fill: '#222222',
    });
    row.images.forEach((img, k) => {
      const [c, h, w] = img.shape;
      if (c !== 1 && c !== 3)
        throw new RangeError(`${fn}: images need 1 or 3 channels, got ${c} (row ${r}, image ${k})`);
      if (img.data.length !== c * h * w)
        throw new RangeError(
          `${fn}: image data has ${img.data.length} values for shape [${c}, ${h}, ${w}] (row ${r}, image ${k})`,
        );
      const x0 = labelW + k * (cell + gap);
      const p = cell / Math.max(h, w);
      let pixels = '';
      for (let i = 0; i < h; i++)
        for (let j = 0; j < w; j++)
          pixels += el('rect', {
            x: x0 + j * p,
            y: y0 + i * p,
            width: p + 0.05,
            height: p + 0.05,
            fill: pixelColor(img, i * w + j, h * w),
          });
      body += el('g', { 'shape-rendering': 'crispEdges' }, pixels);
      body += el('rect', {
        x: x0,
        y: y0,
        width: w * p,
        height: h * p,
        fill: 'none',
        stroke: '#bbbbbb',
        'stroke-width': 1,
      });
      (img.caption ?? []).slice(0, 2).forEach((line, l) => {
        body += text(line, {
          x: x0 + cell / 2,
          y: y0 + cell + (l + 1) * (FONT.tick + 4),
          'text-anchor': 'middle',
          'font-size': FONT.tick,
          fill: img.captionColor ?? '#333333',
        });
      });
    });
  });
  return svgDocument(width, height, body, spec.title);
}
