/**
 * The frame every x–y chart shares: margins, ticks that do not overlap, gridlines, axis lines,
 * zero lines, the title and the axis labels. Charts compute their scales, ask this module for
 * ticks (pixel position + label) and draw their data between {@link renderGrid} and
 * {@link renderAxes}.
 */
import type { ScaleLinear, ScaleLogarithmic } from 'd3-scale';
import { el, px, text, textWidth, truncateText } from './svg.js';

/** Options every chart accepts. */
export interface ChartOptions {
  /** Chart title, drawn centred on top. */
  title?: string;
  /** Label under the x axis. */
  xLabel?: string;
  /** Label left of the y axis, rotated. */
  yLabel?: string;
  /** Width in px (default 960). */
  width?: number;
  /** Height in px (default 600). */
  height?: number;
}

/** A tick: its pixel position along the axis and its label. */
export interface Tick {
  pos: number;
  label: string;
}

/** A rectangle in pixels. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Font sizes in px, chosen to stay readable when a 960-px chart is shown at half size. */
export const FONT = { title: 20, label: 15, tick: 13, legend: 14 } as const;

/** The most of a chart's width the legend may take; longer names are shortened. */
export const LEGEND_SHARE = 0.35;

const TICK_LEN = 6;
const COLORS = { axis: '#444444', grid: '#e6e6e6', zero: '#8c8c8c', text: '#222222', tick: '#444444' };

/** Top and bottom margins; they do not depend on the data, so they come first. */
export function verticalMargins(o: { title?: string; xLabel?: string; xTickExtra?: number }): {
  top: number;
  bottom: number;
} {
  const top = 14 + (o.title ? FONT.title + 16 : 6);
  const bottom = 8 + TICK_LEN + FONT.tick * 1.4 + (o.xTickExtra ?? 0) + (o.xLabel ? FONT.label + 14 : 0);
  return { top, bottom };
}

/** Left and right margins, given the widest y tick label, the legend and the last x tick label. */
export function horizontalMargins(o: {
  yLabel?: string;
  yTickWidth: number;
  legendWidth?: number;
  lastXTickWidth?: number;
}): { left: number; right: number } {
  const left = 12 + (o.yLabel ? FONT.label + 12 : 0) + o.yTickWidth + TICK_LEN + 6;
  const tail = Math.max(20, (o.lastXTickWidth ?? 0) / 2 + 8);
  const right = o.legendWidth ? Math.max(tail, o.legendWidth + 24) : tail;
  return { left, right };
}

/** Widest label among `ticks`, in px at the tick font size. */
export function maxTickWidth(ticks: readonly Tick[]): number {
  return ticks.reduce((m, t) => Math.max(m, textWidth(t.label, FONT.tick)), 0);
}

/**
 * Ticks for a linear scale whose labels do not overlap: starts at about one tick per
 * `spacing` px and lowers the count until the labels fit along the axis. With `integer`, only
 * whole numbers get ticks (an axis of epochs or layers has no epoch 0.5).
 */
export function linearTicks(
  scale: ScaleLinear<number, number>,
  axis: 'x' | 'y',
  spacing = axis === 'x' ? 90 : 55,
  integer = false,
): Tick[] {
  const [r0, r1] = scale.range() as [number, number];
  const length = Math.abs(r1 - r0);
  for (let count = Math.max(2, Math.round(length / spacing)); ; count--) {
    const fmt = integer ? scale.tickFormat(count, ',d') : scale.tickFormat(count);
    const values = integer ? scale.ticks(count).filter(Number.isInteger) : scale.ticks(count);
    const ticks = values.map((v) => ({ pos: scale(v), label: fmt(v) }));
    const room = ticks.length > 1 ? length / (ticks.length - 1) : length;
    const need = axis === 'x' ? maxTickWidth(ticks) + 12 : FONT.tick * 1.6;
    if (room >= need || count <= 2) return ticks;
  }
}

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/** `10^e` as a label: a plain decimal (`0.01`, `100`) when `plain`, `10⁻⁵` otherwise. */
export function powerOfTenLabel(e: number, plain = e >= -2 && e <= 3): string {
  if (plain) return String(Number(`1e${e}`));
  return '10' + [...String(e)].map((c) => SUPERSCRIPT[c] ?? c).join('');
}

/**
 * Ticks for a log scale: powers of ten (thinned to at most ~8) when the domain spans two or
 * more decades, otherwise d3's 1–2–5 style ticks.
 */
export function logTicks(scale: ScaleLogarithmic<number, number>, axis: 'x' | 'y'): Tick[] {
  const [d0, d1] = scale.domain() as [number, number];
  const lo = Math.ceil(Math.log10(Math.min(d0, d1)) - 1e-9);
  const hi = Math.floor(Math.log10(Math.max(d0, d1)) + 1e-9);
  if (hi - lo >= 2) {
    const [r0, r1] = scale.range() as [number, number];
    const maxTicks = Math.max(2, Math.floor(Math.abs(r1 - r0) / (axis === 'x' ? 70 : 28)));
    const step = Math.max(1, Math.ceil((hi - lo + 1) / maxTicks));
    const exps: number[] = [];
    for (let e = lo; e <= hi; e += step) exps.push(e);
    // One style per axis: 0.01 next to 10⁻³ reads badly.
    const plain = exps.every((e) => e >= -2 && e <= 3);
    const ticks = exps.map((e) => ({ pos: scale(10 ** e), label: powerOfTenLabel(e, plain) }));
    return ticks;
  }
  const fmt = scale.tickFormat(6, '~g');
  return scale
    .ticks(6)
    .map((v) => ({ pos: scale(v), label: fmt(v) }))
    .filter((t) => t.label !== '');
}

/** How category labels along x are drawn: truncated, and tilted when they would overlap. */
export interface CategoryLabels {
  labels: string[];
  rotate: boolean;
  /** Extra bottom margin the tilted labels need, in px. */
  extra: number;
}

/** Plans category labels for bands about `step` px apart. */
export function categoryLabels(names: readonly string[], step: number): CategoryLabels {
  const labels = names.map((n) => truncateText(n, FONT.tick, 160));
  const widest = Math.max(0, ...labels.map((l) => textWidth(l, FONT.tick)));
  if (widest + 8 <= step) return { labels, rotate: false, extra: 0 };
  const a = (35 * Math.PI) / 180;
  return { labels, rotate: true, extra: widest * Math.sin(a) + FONT.tick * Math.cos(a) - FONT.tick };
}

/** Light gridlines at the ticks (`null` skips that direction). */
export function renderGrid(plot: Box, xTicks: readonly Tick[] | null, yTicks: readonly Tick[] | null): string {
  let d = '';
  for (const t of xTicks ?? []) d += `M${px(t.pos)},${px(plot.y)}V${px(plot.y + plot.h)}`;
  for (const t of yTicks ?? []) d += `M${px(plot.x)},${px(t.pos)}H${px(plot.x + plot.w)}`;
  return d ? el('path', { d, stroke: COLORS.grid, 'stroke-width': 1, fill: 'none' }) : '';
}

/** Darker lines at x = 0 and y = 0, each only when given (that is, when 0 is inside the domain). */
export function renderZeroLines(plot: Box, zeroX: number | undefined, zeroY: number | undefined): string {
  let d = '';
  if (zeroX !== undefined) d += `M${px(zeroX)},${px(plot.y)}V${px(plot.y + plot.h)}`;
  if (zeroY !== undefined) d += `M${px(plot.x)},${px(zeroY)}H${px(plot.x + plot.w)}`;
  return d ? el('path', { d, stroke: COLORS.zero, 'stroke-width': 1.2, fill: 'none' }) : '';
}

/**
 * The left and bottom axis lines with tick marks and labels. `rotateX` tilts long x labels
 * (category names) by −35° so they do not overlap.
 */
export function renderAxes(plot: Box, xTicks: readonly Tick[], yTicks: readonly Tick[], rotateX = false): string {
  const bottom = plot.y + plot.h;
  let marks = `M${px(plot.x)},${px(plot.y)}V${px(bottom)}H${px(plot.x + plot.w)}`;
  let labels = '';
  for (const t of xTicks) {
    marks += `M${px(t.pos)},${px(bottom)}v${TICK_LEN}`;
    const y = bottom + TICK_LEN + FONT.tick + 2;
    labels += rotateX
      ? text(t.label, { x: t.pos, y, 'text-anchor': 'end', transform: `rotate(-35 ${px(t.pos)} ${px(y - 4)})` })
      : text(t.label, { x: t.pos, y, 'text-anchor': 'middle' });
  }
  for (const t of yTicks) {
    marks += `M${px(plot.x)},${px(t.pos)}h${-TICK_LEN}`;
    labels += text(t.label, { x: plot.x - TICK_LEN - 4, y: t.pos + FONT.tick * 0.35, 'text-anchor': 'end' });
  }
  return (
    el('path', { d: marks, stroke: COLORS.axis, 'stroke-width': 1, fill: 'none' }) +
    el('g', { 'font-size': FONT.tick, fill: COLORS.tick }, labels)
  );
}

/** Title (centred over the plot) and axis labels. */
export function renderTitles(
  size: { width: number; height: number },
  plot: Box,
  o: { title?: string; xLabel?: string; yLabel?: string },
): string {
  let out = '';
  if (o.title) {
    out += text(o.title, {
      x: size.width / 2,
      y: 14 + FONT.title,
      'text-anchor': 'middle',
      'font-size': FONT.title,
      'font-weight': 'bold',
      fill: COLORS.text,
    });
  }
  if (o.xLabel) {
    out += text(o.xLabel, {
      x: plot.x + plot.w / 2,
      y: size.height - 12,
      'text-anchor': 'middle',
      'font-size': FONT.label,
      fill: COLORS.text,
    });
  }
  if (o.yLabel) {
    const x = 12 + FONT.label;
    const y = plot.y + plot.h / 2;
    out += text(o.yLabel, {
      x,
      y,
      'text-anchor': 'middle',
      'font-size': FONT.label,
      fill: COLORS.text,
      transform: `rotate(-90 ${px(x)} ${px(y)})`,
    });
  }
  return out;
}
