/** Grouped bar charts, e.g. the fraction of dead units per activation × learning rate. */
import { scaleBand } from 'd3-scale';
import type { Box, ChartOptions } from './axes.js';
import { categoryFrame } from './category.js';
import { finiteExtent } from './check.js';
import type { LegendEntry } from './legend.js';
import { colorAt } from './palette.js';
import { el, px, stableId, svgDocument, text, textWidth, truncateText } from './svg.js';

/** One bar per category: `values[i]` belongs to `categories[i]`; NaN leaves a gap. */
export interface BarSeries {
  name: string;
  values: ArrayLike<number>;
  /** Any SVG colour; defaults to the palette colour of the series' index. */
  color?: string;
  /**
   * Per category, a word that replaces the bar (e.g. 'diverged' for a run that has no value
   * to show): drawn as a hatched bar over the whole plot height, in the series' colour, with the
   * word written up along it, so that it cannot be read as a value of 0. `values[i]` is ignored there.
   */
  notes?: readonly (string | null | undefined)[];
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
    if (s.notes !== undefined && s.notes.length !== spec.categories.length) {
      throw new RangeError(
        `${fn}: series[${i}] ("${s.name}") has ${s.notes.length} notes but there are ` +
          `${spec.categories.length} categories; they must match (null where there is none)`,
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
  let defs = '';
  spec.categories.forEach((_, c) => {
    spec.series.forEach((s, k) => {
      const note = s.notes?.[c];
      const left = x(String(c))! + inner(k)!;
      if (note) {
        const id = stableId('hatch', `${spec.title ?? ''}|${s.name}|${colors[k]}|${k}`);
        if (!defs.includes(`id="${id}"`)) defs += hatchPattern(id, colors[k]!);
        bars += notedBar(note, { x: left, y: plot.y, w: inner.bandwidth(), h: base - plot.y }, colors[k]!, id);
        return;
      }
      const v = s.values[c]!;
      if (!Number.isFinite(v)) return;
      // Clamp to the plot so a fixed yDomain cuts bars instead of letting them overflow.
      const top = Math.min(plot.y + plot.h, Math.max(plot.y, y(v)));
      bars += el('rect', {
        x: left,
        y: Math.min(top, base),
        width: inner.bandwidth(),
        height: Math.max(Math.abs(base - top), v === 0 ? 0 : 1),
        fill: colors[k],
        class: 'bar',
      });
    });
  });
  return svgDocument(
    frame.width,
    frame.height,
    (defs ? el('defs', {}, defs) : '') + frame.under + bars + frame.over,
    spec.title,
  );
}

/** Diagonal stripes in `color` on white, for bars that stand for a note instead of a value. */
function hatchPattern(id: string, color: string): string {
  return el(
    'pattern',
    { id, width: 8, height: 8, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
    el('rect', { width: 8, height: 8, fill: '#ffffff' }) +
      el('rect', { width: 2.5, height: 8, fill: color, 'fill-opacity': 0.7 }),
  );
}

/** A hatched, outlined bar over `box` with `note` written upwards in its middle on a white band. */
function notedBar(note: string, box: Box, color: string, patternId: string): string {
  const size = Math.max(9, Math.min(14, box.w * 0.7));
  const cx = box.x + box.w / 2;
  const cy = box.y + box.h / 2;
  const label = truncateText(note, size, box.h - 8);
  const band = textWidth(label, size) + 10;
  return el(
    'g',
    { class: 'bar-note' },
    el('rect', {
      x: box.x,
      y: box.y,
      width: box.w,
      height: box.h,
      fill: `url(#${patternId})`,
      stroke: color,
      'stroke-width': 1.5,
    }) +
      el('rect', {
        x: cx - (size * 1.3) / 2,
        y: cy - band / 2,
        width: size * 1.3,
        height: band,
        fill: '#ffffff',
        stroke: color,
        'stroke-width': 1,
      }) +
      text(label, {
        x: cx,
        y: cy,
        'font-size': size,
        fill: '#222222',
        'text-anchor': 'middle',
        'dominant-baseline': 'central',
        transform: `rotate(-90 ${px(cx)} ${px(cy)})`,
      }),
  );
}
