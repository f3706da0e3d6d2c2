/** Grouped bar charts, e.g. the fraction of dead units per activation × learning rate. */
import { scaleBand } from 'd3-scale';
import type { ChartOptions } from './axes.js';
import { categoryFrame } from './category.js';
import { finiteExtent } from './check.js';
import type { LegendEntry } from './legend.js';
import { colorAt } from './palette.js';
import { el, svgDocument } from './svg.js';

/** One bar per category: `values[i]` belongs to `categories[i]`; NaN leaves a gap. */
export interface BarSeries {
  name: string;
  values: ArrayLike<number>;
  /** Any SVG colour; defaults to the palette colour of the series' index. */
  color?: string;
}

/** What {@link barChart} draws. */
export interface BarChartSpec extends ChartOptions {
  /** Names along x (e.g. activations). */
  categories: readonly string[];
  /** One bar per category for each series (e.g. one series per learning rate). */
  series: readonly BarSeries[];
  /** Fixed y range; default: from 0 to the data extent, rounded. */
  yDomain?: [number, number];
  /** Show the legend; default: when there is more than one series. */
  legend?: boolean;
}

/**
 * Draws grouped bars (one group per category, one bar per series, from y = 0) and returns a
 * standalone SVG document.
 *
 * @param spec - categories, series, optional `yDomain`, `legend`, title, labels, size (960×600).
 * @throws RangeError for no categories or series, or a series whose length differs from the categories'.
 * @example barChart({ categories: ['relu', 'gelu'], series: [{ name: 'lr 0.1', values: [0.4, 0.02] }] })
 */
export function barChart(spec: BarChartSpec): string {
  const fn = 'barChart';
  if (!Array.isArray(spec.categories) || spec.categories.length === 0) {
    throw new RangeError(`${fn}: categories must be a non-empty array of names`);
  }
  if (!Array.isArray(spec.series) || spec.series.length === 0) {
    throw new RangeError(`${fn}: series must be a non-empty array of {name, values}`);
  }
  spec.series.forEach((s, i) => {
    if (s.values?.length !== spec.categories.length) {
      throw new RangeError(
        `${fn}: series[${i}] ("${s.name}") has ${s.values?.length ?? 'no'} values but there are ` +
          `${spec.categories.length} categories; they must match`,
      );
    }
  });
  const colors = spec.series.map((s, i) => s.color ?? colorAt(i));
  const showLegend = spec.legend ?? spec.series.length > 1;
  const legend: LegendEntry[] = showLegend
    ? spec.series.map((s, i) => ({ name: s.name, color: colors[i]!, shape: 'rect' }))
    : [];
  const frame = categoryFrame(fn, spec, spec.categories, finiteExtent(spec.series.map((s) => s.values)), legend, true);
  const { x, y, plot } = frame;
  const inner = scaleBand<number>()
    .domain(spec.series.map((_, i) => i))
    .range([0, x.bandwidth()])
    .padding(0.08);
  const [d0, d1] = y.domain() as [number, number];
  const base = y(Math.min(Math.max(0, d0), d1));

  let bars = '';
  spec.categories.forEach((_, c) => {
    spec.series.forEach((s, k) => {
      const v = s.values[c]!;
      if (!Number.isFinite(v)) return;
      // Clamp to the plot so a fixed yDomain cuts bars instead of letting them overflow.
      const top = Math.min(plot.y + plot.h, Math.max(plot.y, y(v)));
      bars += el('rect', {
        x: x(String(c))! + inner(k)!,
        y: Math.min(top, base),
        width: inner.bandwidth(),
        height: Math.max(Math.abs(base - top), v === 0 ? 0 : 1),
        fill: colors[k],
        class: 'bar',
      });
    });
  });
  return svgDocument(frame.width, frame.height, frame.under + bars + frame.over, spec.title);
}
