/** The legend: swatches and names, laid out in columns in the chart's right margin. */
import { FONT } from './axes.js';
import { el, px, text, textWidth, truncateText } from './svg.js';

/** One legend row: a name and how its swatch is drawn. */
export interface LegendEntry {
  name: string;
  color: string;
  shape: 'line' | 'dashed' | 'rect' | 'point';
}

/** Where a legend's entries go: its size, columns and the room for each name. */
export interface LegendPlan {
  width: number;
  height: number;
  rows: number;
  columnWidth: number;
  /** Names wider than this (px) are shortened with an ellipsis. */
  nameWidth: number;
}

const ROW = 22;
const SWATCH = 28;
const GAP = 8;
const PAD = 10;
const COL_GAP = 12;
const MAX_NAME = 220;

/**
 * Plans a legend at most `maxHeight` tall: as many columns as the rows need, and names
 * shortened so that the whole legend stays within `maxWidth`.
 */
export function planLegend(entries: readonly LegendEntry[], maxHeight: number, maxWidth: number): LegendPlan {
  if (entries.length === 0) return { width: 0, height: 0, rows: 0, columnWidth: 0, nameWidth: 0 };
  const maxRows = Math.max(1, Math.floor((maxHeight - 2 * PAD) / ROW));
  const cols = Math.ceil(entries.length / maxRows);
  const rows = Math.ceil(entries.length / cols);
  const widest = Math.max(...entries.map((e) => textWidth(e.name, FONT.legend)));
  const budget = (maxWidth - 2 * PAD + COL_GAP) / cols - SWATCH - GAP - COL_GAP;
  const nameWidth = Math.max(30, Math.min(MAX_NAME, widest, budget));
  const columnWidth = SWATCH + GAP + nameWidth + COL_GAP;
  return {
    width: cols * columnWidth + 2 * PAD - COL_GAP,
    height: rows * ROW + 2 * PAD - 6,
    rows,
    columnWidth,
    nameWidth,
  };
}

function swatch(e: LegendEntry, x: number, y: number): string {
  switch (e.shape) {
    case 'line':
    case 'dashed':
      return el('path', {
        d: `M${px(x)},${px(y)}h${SWATCH}`,
        stroke: e.color,
        'stroke-width': 2.5,
        'stroke-dasharray': e.shape === 'dashed' ? '7 4' : undefined,
      });
    case 'rect':
      return el('rect', {
        x: x + 4,
        y: y - 7,
        width: SWATCH - 8,
        height: 14,
        fill: e.color,
        stroke: '#333',
        'stroke-width': 0.6,
      });
    case 'point':
      return el('circle', { cx: x + SWATCH / 2, cy: y, r: 5, fill: e.color, stroke: '#222', 'stroke-width': 0.8 });
  }
}

/** Draws a planned legend with its top-left corner at (x, y), in a light box. */
export function renderLegend(entries: readonly LegendEntry[], plan: LegendPlan, x: number, y: number): string {
  if (entries.length === 0) return '';
  let body = el('rect', { x, y, width: plan.width, height: plan.height, fill: '#ffffff', stroke: '#cccccc', rx: 4 });
  entries.forEach((e, i) => {
    const cx = x + PAD + Math.floor(i / plan.rows) * plan.columnWidth;
    const cy = y + PAD + (i % plan.rows) * ROW + ROW / 2 - 3;
    body += swatch(e, cx, cy);
    body += text(truncateText(e.name, FONT.legend, plan.nameWidth), {
      x: cx + SWATCH + GAP,
      y: cy + FONT.legend * 0.35,
      'font-size': FONT.legend,
      fill: '#222222',
    });
  });
  return el('g', { class: 'legend' }, body);
}
