/**
 * Small multiples for `actlab approx`: standalone chart SVGs (from plot/) laid out in one SVG
 * grid, with a title and a shared legend row on top.
 */
import { el, svgDocument, text } from '../plot/svg.js';

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
  const top = 44 + (spec.legend?.length ? 30 : 0);
  const width = spec.cols * cellW;
  const height = top + rows * cellH;
  let body = text(spec.title, {
    x: width / 2,
    y: 28,
    'text-anchor': 'middle',
    'font-size': 22,
    'font-weight': 'bold',
    fill: '#222222',
  });
  if (spec.legend?.length) {
    let x = 20;
    for (const item of spec.legend) {
      body += el('line', {
        x1: x,
        y1: 56,
        x2: x + 28,
        y2: 56,
        stroke: item.color,
        'stroke-width': 3,
        'stroke-dasharray': item.dashed ? '7 4' : undefined,
      });
      body += text(item.name, { x: x + 34, y: 61, 'font-size': 15, fill: '#222222' });
      x += 34 + item.name.length * 9 + 28;
    }
  }
  spec.charts.forEach((svg, i) => {
    const x = (i % spec.cols) * cellW;
    const y = top + Math.floor(i / spec.cols) * cellH;
    body += el('g', { transform: `translate(${x} ${y})` }, inner(svg));
  });
  return svgDocument(width, height, body, spec.title);
}
