/**
 * Line charts: several named series on shared axes, e.g. f and f′ of a few activations, loss
 * curves, or gradient norm per layer on a log scale.
 */
import { scaleLinear, scaleLog } from 'd3-scale';
import type { ScaleLinear, ScaleLogarithmic } from 'd3-scale';
import { line } from 'd3-shape';
import {
  FONT,
  LEGEND_SHARE,
  horizontalMargins,
  linearTicks,
  logTicks,
  maxTickWidth,
  renderAxes,
  renderGrid,
  renderTitles,
  renderZeroLines,
  verticalMargins,
} from './axes.js';
import type { Box, ChartOptions } from './axes.js';
import { checkDomain, checkSize, checkXY, widen } from './check.js';
import { planLegend, renderLegend } from './legend.js';
import type { LegendEntry } from './legend.js';
import { colorAt } from './palette.js';
import { el, stableId, svgDocument, textWidth } from './svg.js';

/** One curve: its name (shown in the legend), points, and style. */
export interface LineSeries {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Draw dashed (e.g. a derivative next to its function). Default false. */
  dashed?: boolean;
  /** Any SVG colour; defaults to the palette colour of the series' index. */
  color?: string;
  /** Draw a dot at each point (default false). */
  markers?: boolean;
  /** Draw the connecting line (default true; false with `markers` makes a scatter plot). */
  line?: boolean;
}

/** What {@link lineChart} draws. */
export interface LineChartSpec extends ChartOptions {
  series: readonly LineSeries[];
  /** Fixed x range; default: the extent of the finite x values. */
  xDomain?: [number, number];
  /** Fixed y range (points outside are clipped); default: the finite y extent, rounded outwards. */
  yDomain?: [number, number];
  /**
   * Ticks on x only at whole numbers (epochs, layers). Default: true when every finite x of
   * every series is a whole number (and a fixed `xDomain` has whole ends).
   */
  integerX?: boolean;
  /** Logarithmic y axis; values ≤ 0 then break the line like NaN. Default false. */
  logY?: boolean;
  /** Logarithmic x axis; points with x ≤ 0 are left out. Default false. */
  logX?: boolean;
  /** Show the legend (default true). */
  legend?: boolean;
}

/** Pixel coordinates are clamped to this so that huge values clip instead of bloating the path. */
const PX_LIMIT = 1e5;
const clampPx = (v: number): number => Math.max(-PX_LIMIT, Math.min(PX_LIMIT, v));

function yExtent(spec: LineChartSpec, xDomain: [number, number] | undefined): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of spec.series) {
    for (let i = 0; i < s.y.length; i++) {
      const x = s.x[i]!;
      const y = s.y[i]!;
      if (!Number.isFinite(x) || !Number.isFinite(y) || (spec.logY && y <= 0)) continue;
      if (xDomain && (x < xDomain[0] || x > xDomain[1])) continue;
      if (y < lo) lo = y;
      if (y > hi) hi = y;
    }
  }
  return lo <= hi ? [lo, hi] : undefined;
}

function xExtent(series: readonly LineSeries[], logX = false): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.x.length; i++) {
      const x = s.x[i]!;
      if (!Number.isFinite(x) || !Number.isFinite(s.y[i]!) || (logX && x <= 0)) continue;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/** Every finite x (and a fixed xDomain's ends) is a whole number. */
function wholeXs(spec: LineChartSpec): boolean {
  if (spec.xDomain && !spec.xDomain.every(Number.isInteger)) return false;
  return spec.series.every((s) =>
    Array.prototype.every.call(s.x, (v: number) => !Number.isFinite(v) || Number.isInteger(v)),
  );
}

/**
 * Draws named series as lines on one chart and returns a standalone SVG document.
 *
 * Non-finite points (NaN, ±Inf, and values ≤ 0 on a log axis) break a line into pieces rather
 * than failing, so a curve that overflows stays readable. Gridlines follow the ticks; darker
 * lines mark x = 0 and y = 0 when they are inside the ranges.
 *
 * @param spec - series, optional fixed `xDomain`/`yDomain`, `logY`, title, axis labels, size (default 960×600).
 * @returns the SVG text (with `xmlns`, ready for {@link svgToPng}).
 * @throws RangeError for no series, an empty series, x/y length mismatch, bad domains or sizes.
 * @example
 * const x = Array.from({ length: 201 }, (_, i) => -5 + i / 20);
 * const svg = lineChart({ title: 'ReLU', series: [{ name: 'relu', x, y: x.map((v) => Math.max(0, v)) }] });
 */
export function lineChart(spec: LineChartSpec): string {
  const fn = 'lineChart';
  const width = spec.width ?? 960;
  const height = spec.height ?? 600;
  checkSize(fn, 'width', width, 200);
  checkSize(fn, 'height', height, 150);
  if (!Array.isArray(spec.series) || spec.series.length === 0) {
    throw new RangeError(
      `${fn}: series must be a non-empty array, got ${spec.series === undefined ? 'undefined' : 'an empty array'}`,
    );
  }
  spec.series.forEach((s, i) => checkXY(fn, `series[${i}] ("${s.name}")`, s.x, s.y));
  checkDomain(fn, 'xDomain', spec.xDomain, spec.logX);
  checkDomain(fn, 'yDomain', spec.yDomain, spec.logY);
  const logY = spec.logY ?? false;
  const logX = spec.logX ?? false;

  const xDomain = widen(spec.xDomain ?? xExtent(spec.series, logX) ?? (logX ? [1, 10] : [0, 1]), logX);
  const yDomain = spec.yDomain ?? widen(yExtent(spec, spec.xDomain) ?? (logY ? [1, 10] : [0, 1]), logY);
  const { top, bottom } = verticalMargins(spec);
  const plotH = height - top - bottom;
  const y: ScaleLinear<number, number> | ScaleLogarithmic<number, number> = logY
    ? scaleLog()
        .domain(yDomain)
        .range([top + plotH, top])
    : scaleLinear()
        .domain(yDomain)
        .range([top + plotH, top]);
  if (!spec.yDomain) y.nice();
  const yTicks = logY
    ? logTicks(y as ScaleLogarithmic<number, number>, 'y')
    : linearTicks(y as ScaleLinear<number, number>, 'y');

  const entries: LegendEntry[] = spec.series.map((s, i) => ({
    name: s.name,
    color: s.color ?? colorAt(i),
    shape: s.line === false ? 'point' : s.dashed ? 'dashed' : 'line',
  }));
  const legend = planLegend(spec.legend === false ? [] : entries, plotH, width * LEGEND_SHARE);
  const x: ScaleLinear<number, number> | ScaleLogarithmic<number, number> = logX
    ? scaleLog().domain(xDomain)
    : scaleLinear().domain(xDomain);
  const { left, right } = horizontalMargins({
    yLabel: spec.yLabel,
    yTickWidth: maxTickWidth(yTicks),
    legendWidth: legend.width,
    lastXTickWidth: textWidth(x.tickFormat(10)(xDomain[1]), FONT.tick),
  });
  const plot: Box = { x: left, y: top, w: width - left - right, h: plotH };
  if (plot.w < 40) throw new RangeError(`${fn}: width ${width} leaves no room for the plot next to the legend`);
  x.range([plot.x, plot.x + plot.w]);
  const xTicks = logX
    ? logTicks(x as ScaleLogarithmic<number, number>, 'x')
    : linearTicks(x as ScaleLinear<number, number>, 'x', undefined, spec.integerX ?? wholeXs(spec));

  const [y0, y1] = y.domain() as [number, number];
  const zeroX = !logX && xDomain[0] < 0 && xDomain[1] > 0 ? x(0) : undefined;
  const zeroY = !logY && y0 < 0 && y1 > 0 ? y(0) : undefined;
  const clipId = stableId('clip', `${width}x${height}|${spec.title ?? ''}|${spec.series.map((s) => s.name).join('|')}`);

  let curves = '';
  spec.series.forEach((s, si) => {
    const defined = (i: number): boolean =>
      i >= 0 &&
      i < s.x.length &&
      Number.isFinite(s.x[i]!) &&
      Number.isFinite(s.y[i]!) &&
      (!logY || s.y[i]! > 0) &&
      (!logX || s.x[i]! > 0);
    const gen = line<number>()
      .defined(defined)
      .x((i) => clampPx(x(s.x[i]!)))
      .y((i) => clampPx(y(s.y[i]!)))
      .digits(2);
    const points = Array.from({ length: s.x.length }, (_, i) => i);
    const d = s.line === false ? null : gen(points);
    if (d)
      curves += el('path', {
        d,
        fill: 'none',
        stroke: entries[si]!.color,
        'stroke-width': 2.2,
        'stroke-linejoin': 'round',
        'stroke-linecap': 'round',
        'stroke-dasharray': s.dashed ? '7 4' : undefined,
        class: 'series',
      });
    if (s.markers) {
      // Dots after the line, so the line does not cover them.
      for (const i of points.filter(defined))
        curves += el('circle', {
          cx: clampPx(x(s.x[i]!)).toFixed(2),
          cy: clampPx(y(s.y[i]!)).toFixed(2),
          r: 4.5,
          fill: entries[si]!.color,
          'fill-opacity': 0.85,
          stroke: '#ffffff',
          'stroke-width': 0.8,
        });
      return;
    }
    // A point with no defined neighbour makes a zero-length piece that draws nothing: a dot instead
    // (e.g. a run that diverged after its first epoch keeps its epoch-0 value visible).
    for (let i = 0; i < s.x.length; i++) {
      if (defined(i) && !defined(i - 1) && !defined(i + 1)) {
        curves += el('circle', {
          cx: clampPx(x(s.x[i]!)),
          cy: clampPx(y(s.y[i]!)),
          r: 3.5,
          fill: entries[si]!.color,
          class: 'series-point',
        });
      }
    }
  });

  const body =
    el(
      'defs',
      {},
      el('clipPath', { id: clipId }, el('rect', { x: plot.x, y: plot.y, width: plot.w, height: plot.h })),
    ) +
    renderGrid(plot, xTicks, yTicks) +
    renderZeroLines(plot, zeroX, zeroY) +
    el('g', { 'clip-path': `url(#${clipId})` }, curves) +
    renderAxes(plot, xTicks, yTicks) +
    renderTitles({ width, height }, plot, spec) +
    (spec.legend === false ? '' : renderLegend(entries, legend, plot.x + plot.w + 16, plot.y));
  return svgDocument(width, height, body, spec.title);
}
