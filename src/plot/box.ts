/** Box plots: the spread of a metric per group, e.g. test accuracy across seeds per activation. */
import { categoryFrame } from './category.js';
import { finiteExtent } from './check.js';
import type { ChartOptions } from './axes.js';
import { colorAt, mixHex } from './palette.js';
import { el, px, svgDocument, text } from './svg.js';

/** One box: a group name and its values (non-finite values are ignored). */
export interface BoxGroup {
  name: string;
  values: readonly number[];
  /** Any hex colour; defaults to the palette colour of the group's index. */
  color?: string;
}

/** What {@link boxPlot} draws. */
export interface BoxPlotSpec extends ChartOptions {
  groups: readonly BoxGroup[];
  /** Fixed y range; default: the data extent, padded and rounded. */
  yDomain?: [number, number];
  /** Draw every value as a jittered point over its box (default true). */
  points?: boolean;
}

/** Summary of one group, as drawn. */
export interface BoxStats {
  q1: number;
  median: number;
  q3: number;
  /** Whisker ends: the most extreme values within 1.5·IQR of the box. */
  low: number;
  high: number;
  /** Values beyond the whiskers. */
  outliers: number[];
}

/** Quantile of sorted values by linear interpolation (NumPy's default, R type 7). */
export function quantileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('quantileSorted: sorted must be non-empty');
  const h = (sorted.length - 1) * p;
  const i = Math.floor(h);
  const lo = sorted[i]!;
  return i + 1 < sorted.length ? lo + (h - i) * (sorted[i + 1]! - lo) : lo;
}

/**
 * Tukey box statistics: quartiles, whiskers to the furthest values within 1.5·IQR, outliers.
 * Returns undefined when there is no finite value.
 */
export function boxStats(values: readonly number[]): BoxStats | undefined {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const q1 = quantileSorted(v, 0.25);
  const median = quantileSorted(v, 0.5);
  const q3 = quantileSorted(v, 0.75);
  const fence = 1.5 * (q3 - q1);
  const inside = v.filter((x) => x >= q1 - fence && x <= q3 + fence);
  return {
    q1,
    median,
    q3,
    low: inside[0]!,
    high: inside[inside.length - 1]!,
    outliers: v.filter((x) => x < q1 - fence || x > q3 + fence),
  };
}

/** Deterministic jitter in [−0.5, 0.5): the golden-ratio sequence spreads points evenly. */
const jitter = (i: number): number => ((i * 0.6180339887498949) % 1) - 0.5;

/**
 * Draws one box per group (quartiles, median, 1.5·IQR whiskers) with the individual values as
 * jittered points; outliers are hollow. Returns a standalone SVG document.
 *
 * @param spec - groups, optional `yDomain`, `points` (default true), title, labels, size (960×600).
 * @throws RangeError for no groups, a group whose values are not an array, or bad sizes.
 * @example boxPlot({ title: 'Test accuracy over 10 seeds', yLabel: 'accuracy', groups: [{ name: 'relu', values: accs }] })
 */
export function boxPlot(spec: BoxPlotSpec): string {
  const fn = 'boxPlot';
  if (!Array.isArray(spec.groups) || spec.groups.length === 0) {
    throw new RangeError(`${fn}: groups must be a non-empty array of {name, values}`);
  }
  spec.groups.forEach((g, i) => {
    if (!Array.isArray(g.values))
      throw new RangeError(`${fn}: groups[${i}] ("${g.name}").values must be an array of numbers`);
  });
  const stats = spec.groups.map((g) => boxStats(g.values));
  const extent = finiteExtent(spec.groups.map((g) => g.values));
  const frame = categoryFrame(
    fn,
    spec,
    spec.groups.map((g) => g.name),
    extent,
    [],
    false,
  );
  const { x, y, plot } = frame;
  const bw = Math.min(x.bandwidth() * 0.7, 90);

  let body = '';
  spec.groups.forEach((g, i) => {
    const s = stats[i];
    const cx = x(String(i))! + x.bandwidth() / 2;
    const color = g.color ?? colorAt(i);
    if (!s) {
      body += text('no data', {
        x: cx,
        y: plot.y + plot.h / 2,
        'text-anchor': 'middle',
        'font-size': 12,
        fill: '#888888',
      });
      return;
    }
    const whiskers =
      `M${px(cx)},${px(y(s.high))}V${px(y(s.q3))}M${px(cx)},${px(y(s.q1))}V${px(y(s.low))}` +
      `M${px(cx - bw / 4)},${px(y(s.high))}h${px(bw / 2)}M${px(cx - bw / 4)},${px(y(s.low))}h${px(bw / 2)}`;
    let group =
      el('path', { d: whiskers, stroke: color, 'stroke-width': 1.6, fill: 'none' }) +
      el('rect', {
        x: cx - bw / 2,
        y: y(s.q3),
        width: bw,
        height: Math.max(1, y(s.q1) - y(s.q3)),
        fill: mixHex('#ffffff', color, 0.22),
        stroke: color,
        'stroke-width': 1.8,
      }) +
      el('path', { d: `M${px(cx - bw / 2)},${px(y(s.median))}h${px(bw)}`, stroke: '#222222', 'stroke-width': 2.5 });
    if (spec.points !== false) {
      let k = 0;
      for (const v of g.values) {
        if (!Number.isFinite(v)) continue;
        const outlier = v < s.low || v > s.high;
        group += el('circle', {
          cx: cx + jitter(k++) * bw * 0.6,
          cy: y(v),
          r: 3.5,
          stroke: color,
          'stroke-width': 1.2,
          fill: outlier ? '#ffffff' : color,
          'fill-opacity': outlier ? 1 : 0.55,
        });
      }
    }
    body += el('g', { class: 'box', 'data-name': g.name }, group);
  });
  return svgDocument(frame.width, frame.height, frame.under + body + frame.over, spec.title);
}
