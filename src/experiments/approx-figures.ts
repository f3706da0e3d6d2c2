/**
 * Small multiples for `actlab approx`: standalone chart SVGs (from plot/) laid out in one SVG
 * grid, with a title and a shared legend row on top.
 */
import { el, svgDocument, text, textWidth } from '../plot/svg.js';

/** The width and height a standalone chart SVG declares. */
function sizeOf(svg: string): { w: number; h: number } {
  const m = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  if (!m) throw new Error('chartGrid: a chart is not a standalone SVG with width and height');
  return { w: Number(m[1]), h: Number(m[2]) };
}

/** A chart's markup without its outer <svg> element (its ids are already chart-specific). */
const inner = (svg: string): string => svg.replace(/^[\s\S]*?<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '');

export interface LegendItem {
  name: string;
  color: string;
  dashed?: boolean;
}

/** Lays out charts `cols` per row (row-major), each at its own size, under a title and a legend. */
export function chartGrid(spec: {
  title: string;
  charts: readonly string[];
  cols: number;
  legend?: readonly LegendItem[];
}): string {
  const sizes = spec.charts.map(sizeOf);
  const cellW = Math.max(...sizes.map((s) => s.w));
  const cellH = Math.max(...sizes.map((s) => s.h));
  const rows = Math.ceil(spec.charts.length / spec.cols);
  const width = spec.cols * cellW;
  // The legend wraps onto as many rows as the grid's width needs (6 activations + 3 reference
  // lines do not fit one row of a 2-column grid).
  const placed: { item: LegendItem; x: number; row: number }[] = [];
  let x = 20;
  let row = 0;
  for (const item of spec.legend ?? []) {
    const w = 34 + textWidth(item.name, 15) + 28;
    if (x > 20 && x + w - 28 > width - 20) {
      row++;
      x = 20;
    }
    placed.push({ item, x, row });
    x += w;
  }
  const legendRows = placed.length ? row + 1 : 0;
  const top = 44 + legendRows * 26 + (legendRows ? 4 : 0);
  const height = top + rows * cellH;
  let body = text(spec.title, {
    x: width / 2,
    y: 28,
    'text-anchor': 'middle',
    'font-size': 22,
    'font-weight': 'bold',
    fill: '#222222',
  });
  for (const { item, x, row } of placed) {
    const y = 56 + row * 26;
    body += el('line', {
      x1: x,
      y1: y,
      x2: x + 28,
      y2: y,
      stroke: item.color,
      'stroke-width': 3,
      'stroke-dasharray': item.dashed ? '7 4' : undefined,
    });
    body += text(item.name, { x: x + 34, y: y + 5, 'font-size': 15, fill: '#222222' });
  }
  spec.charts.forEach((svg, i) => {
    const x = (i % spec.cols) * cellW;
    const y = top + Math.floor(i / spec.cols) * cellH;
    body += el('g', { transform: `translate(${x} ${y})` }, inner(svg));
  });
  return svgDocument(width, height, body, spec.title);
}
