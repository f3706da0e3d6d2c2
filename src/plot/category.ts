/**
 * The frame shared by charts with named categories along x and a linear y axis (box plots,
 * grouped bars): band scale, tilted labels when they would overlap, y ticks, legend.
 */
import { scaleBand, scaleLinear } from 'd3-scale';
import type { ScaleBand, ScaleLinear } from 'd3-scale';
import {
  LEGEND_SHARE,
  categoryLabels,
  horizontalMargins,
  linearTicks,
  maxTickWidth,
  renderAxes,
  renderGrid,
  renderTitles,
  renderZeroLines,
  verticalMargins,
} from './axes.js';
import type { Box, ChartOptions } from './axes.js';
import { checkDomain, checkSize, widen } from './check.js';
import { planLegend, renderLegend } from './legend.js';
import type { LegendEntry } from './legend.js';

/** A laid-out category chart: scales, and the markup to draw under and over the data. */
export interface CategoryFrame {
  width: number;
  height: number;
  plot: Box;
  x: ScaleBand<string>;
  y: ScaleLinear<number, number>;
  /** Background: gridlines and the y = 0 line. */
  under: string;
  /** Foreground: axes, labels, title, legend. */
  over: string;
}

/**
 * Lays out a category chart. `extent` is the data's finite y extent (undefined when none);
 * `includeZero` makes y start at 0 (bars); a fixed `spec.yDomain` wins over both.
 */
export function categoryFrame(
  fn: string,
  spec: ChartOptions & { yDomain?: [number, number] },
  names: readonly string[],
  extent: [number, number] | undefined,
  legend: readonly LegendEntry[],
  includeZero: boolean,
): CategoryFrame {
  const width = spec.width ?? 960;
  const height = spec.height ?? 600;
  checkSize(fn, 'width', width, 200);
  checkSize(fn, 'height', height, 150);
  checkDomain(fn, 'yDomain', spec.yDomain);

  const guessStep = (width - 120) / Math.max(1, names.length);
  const cats = categoryLabels(names, guessStep);
  const { top, bottom } = verticalMargins({ ...spec, xTickExtra: cats.extra });
  const plotH = height - top - bottom;
  if (plotH < 40) throw new RangeError(`${fn}: height ${height} leaves no room for the plot`);

  let domain = spec.yDomain;
  if (!domain) {
    let [lo, hi] = extent ?? [0, 1];
    if (includeZero) [lo, hi] = [Math.min(lo, 0), Math.max(hi, 0)];
    [lo, hi] = widen([lo, hi]);
    const pad = (hi - lo) * 0.05;
    domain = [includeZero && lo === 0 ? 0 : lo - pad, includeZero && hi === 0 ? 0 : hi + pad];
  }
  const y = scaleLinear()
    .domain(domain)
    .range([top + plotH, top]);
  if (!spec.yDomain) y.nice();
  const yTicks = linearTicks(y, 'y');

  const legendBox = planLegend(legend, plotH, width * LEGEND_SHARE);
  const { left, right } = horizontalMargins({
    yLabel: spec.yLabel,
    yTickWidth: maxTickWidth(yTicks),
    legendWidth: legendBox.width,
  });
  const plot: Box = { x: left, y: top, w: width - left - right, h: plotH };
  if (plot.w < 40) throw new RangeError(`${fn}: width ${width} leaves no room for the plot`);
  const x = scaleBand<string>()
    .domain(names.map((_, i) => String(i)))
    .range([plot.x, plot.x + plot.w])
    .paddingInner(0.25)
    .paddingOuter(0.15);
  const xTicks = cats.labels.map((label, i) => ({ pos: x(String(i))! + x.bandwidth() / 2, label }));

  const [y0, y1] = y.domain() as [number, number];
  const zeroY = y0 < 0 && y1 > 0 ? y(0) : undefined;
  return {
    width,
    height,
    plot,
    x,
    y,
    under: renderGrid(plot, null, yTicks) + renderZeroLines(plot, undefined, zeroY),
    over:
      renderAxes(plot, xTicks, yTicks, cats.rotate) +
      renderTitles({ width, height }, plot, spec) +
      renderLegend(legend, legendBox, plot.x + plot.w + 16, plot.y),
  };
}
