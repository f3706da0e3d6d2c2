/**
 * Decision-boundary maps: a classifier's output on a grid over the input plane as a heat map,
 * the p = 0.5 boundary, and the data points coloured by label (XOR, moons, spirals…).
 */
import { scaleLinear } from 'd3-scale';
import {
  FONT,
  LEGEND_SHARE,
  horizontalMargins,
  linearTicks,
  maxTickWidth,
  renderAxes,
  renderTitles,
  verticalMargins,
} from './axes.js';
import type { Box, ChartOptions } from './axes.js';
import { checkDomain, checkSize } from './check.js';
import { contourSegments } from './contour.js';
import { planLegend, renderLegend } from './legend.js';
import type { LegendEntry } from './legend.js';
import { colorAt, mixHex } from './palette.js';
import { el, px, stableId, svgDocument, text, textWidth } from './svg.js';

/**
 * The model's output on an `nx × ny` grid, row-major: `values[j * nx + i]` is the output at
 * x = xmin + i·(xmax − xmin)/(nx − 1), y = ymin + j·(ymax − ymin)/(ny − 1) — a linspace
 * including both ends, row 0 at the bottom. Non-finite values leave the cell blank.
 */
export interface BoundaryGrid {
  nx: number;
  ny: number;
  values: ArrayLike<number>;
}

/** Data points and their integer class labels. */
export interface LabelledPoints {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  label: ArrayLike<number>;
}

/** What {@link decisionBoundary} draws. */
export interface DecisionBoundarySpec extends ChartOptions {
  xRange: [number, number];
  yRange: [number, number];
  grid: BoundaryGrid;
  /**
   * `'probability'`: values are P(class 1) in [0, 1], drawn on a two-colour scale with the
   * p = 0.5 line. `'class'`: values are class indices 0, 1, 2… Default: `'class'` when every
   * value is an integer and some exceed 1, else `'probability'`.
   */
  kind?: 'probability' | 'class';
  points?: LabelledPoints;
  /** Legend names per class index (default `class 0`, `class 1`…). */
  classNames?: readonly string[];
}

const TINT_PROB = 0.7;
const TINT_CLASS = 0.35;
/** Probabilities are quantised to 1/64 so equal neighbours merge into one rect. */
const LEVELS = 64;

function checkClassIndex(fn: string, what: string, v: number): void {
  if (!Number.isInteger(v) || v < 0) throw new RangeError(`${fn}: ${what} must be a class index 0, 1, 2…, got ${v}`);
}

function validate(fn: string, spec: DecisionBoundarySpec): 'probability' | 'class' {
  checkDomain(fn, 'xRange', spec.xRange);
  checkDomain(fn, 'yRange', spec.yRange);
  const { nx, ny, values } = spec.grid ?? ({} as Partial<BoundaryGrid>);
  if (!Number.isInteger(nx) || nx! < 2) throw new RangeError(`${fn}: grid.nx must be an integer ≥ 2, got ${nx}`);
  if (!Number.isInteger(ny) || ny! < 2) throw new RangeError(`${fn}: grid.ny must be an integer ≥ 2, got ${ny}`);
  if (values?.length !== nx! * ny!) {
    throw new RangeError(`${fn}: grid.values has length ${values?.length} but nx·ny = ${nx! * ny!}; they must match`);
  }
  let kind = spec.kind;
  if (kind === undefined) {
    let integers = true;
    let big = false;
    for (let k = 0; k < values.length; k++) {
      const v = values[k]!;
      if (!Number.isFinite(v)) continue;
      if (!Number.isInteger(v)) integers = false;
      if (v > 1) big = true;
    }
    kind = integers && big ? 'class' : 'probability';
  }
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    if (!Number.isFinite(v)) continue;
    if (kind === 'class') checkClassIndex(fn, `grid.values[${k}]`, v);
    else if (v < 0 || v > 1) throw new RangeError(`${fn}: grid.values[${k}] = ${v} is not a probability in [0, 1]`);
  }
  if (spec.points) {
    const { x, y, label } = spec.points;
    if (x?.length !== y?.length || x?.length !== label?.length) {
      throw new RangeError(
        `${fn}: points.x, points.y and points.label must have equal lengths, got ${x?.length}, ${y?.length}, ${label?.length}`,
      );
    }
    for (let k = 0; k < label.length; k++) checkClassIndex(fn, `points.label[${k}]`, label[k]!);
  }
  return kind;
}

function probabilityColor(p: number): string {
  const q = Math.round(p * LEVELS) / LEVELS;
  return q < 0.5
    ? mixHex('#ffffff', colorAt(0), (0.5 - q) * 2 * TINT_PROB)
    : mixHex('#ffffff', colorAt(1), (q - 0.5) * 2 * TINT_PROB);
}

/** A vertical colour bar for P(class 1), top-left at (x, y). */
function colorBar(x: number, y: number, h: number, id: string, label: string): string {
  const stop = (o: number, p: number): string => el('stop', { offset: o, 'stop-color': probabilityColor(p) });
  const grad = el('linearGradient', { id, x1: 0, y1: 1, x2: 0, y2: 0 }, stop(0, 0) + stop(0.5, 0.5) + stop(1, 1));
  let out = el('defs', {}, grad) + text(label, { x, y: y + FONT.tick, 'font-size': FONT.tick, fill: '#222222' });
  const top = y + FONT.tick + 8;
  out += el('rect', { x, y: top, width: 16, height: h, fill: `url(#${id})`, stroke: '#888888', 'stroke-width': 0.6 });
  for (const p of [0, 0.5, 1]) {
    const ty = top + h * (1 - p);
    out += el('path', { d: `M${px(x + 16)},${px(ty)}h4`, stroke: '#444444' });
    out += text(String(p), { x: x + 24, y: ty + FONT.tick * 0.35, 'font-size': FONT.tick, fill: '#444444' });
  }
  return out;
}

/**
 * Draws a classifier's decision regions over [xmin, xmax] × [ymin, ymax] with the labelled
 * data on top, and returns a standalone SVG document.
 *
 * Binary probabilities fade from class 0's colour through white (p = 0.5, with a dark line
 * there) to class 1's; class indices get one pale colour each. Points use the full colour of
 * their label, so misclassified points stand out against the region around them.
 *
 * @param spec - ranges, grid (see {@link BoundaryGrid} for the layout), `kind`, points, class
 *   names, title, labels, size (default 820×640, so the plot is close to square).
 * @throws RangeError for bad ranges, nx/ny < 2, a values length ≠ nx·ny, probabilities
 *   outside [0, 1], non-integer class indices, or points of unequal lengths.
 * @example decisionBoundary({ xRange: [-2, 2], yRange: [-2, 2], grid: { nx: 101, ny: 101, values: probs }, points })
 */
export function decisionBoundary(spec: DecisionBoundarySpec): string {
  const fn = 'decisionBoundary';
  const width = spec.width ?? 820;
  const height = spec.height ?? 640;
  checkSize(fn, 'width', width, 200);
  checkSize(fn, 'height', height, 150);
  const kind = validate(fn, spec);
  const { nx, ny, values } = spec.grid;

  const classes = new Set<number>(kind === 'probability' ? [0, 1] : []);
  if (kind === 'class')
    for (let k = 0; k < values.length; k++) if (Number.isFinite(values[k]!)) classes.add(values[k]!);
  if (spec.points) for (let k = 0; k < spec.points.label.length; k++) classes.add(spec.points.label[k]!);
  const entries: LegendEntry[] = [...classes]
    .sort((a, b) => a - b)
    .map((c) => ({ name: spec.classNames?.[c] ?? `class ${c}`, color: colorAt(c), shape: 'point' }));
  if (kind === 'probability') entries.push({ name: 'p = 0.5', color: '#222222', shape: 'line' });

  const { top, bottom } = verticalMargins(spec);
  const plotH = height - top - bottom;
  const y = scaleLinear()
    .domain(spec.yRange)
    .range([top + plotH, top]);
  const yTicks = linearTicks(y, 'y');
  const legend = planLegend(entries, plotH, width * LEGEND_SHARE);
  const barLabel = 'P(class 1)';
  const sideWidth = Math.max(legend.width, kind === 'probability' ? textWidth(barLabel, FONT.tick) : 0);
  const x = scaleLinear().domain(spec.xRange);
  const { left, right } = horizontalMargins({
    yLabel: spec.yLabel,
    yTickWidth: maxTickWidth(yTicks),
    legendWidth: sideWidth,
    lastXTickWidth: textWidth(x.tickFormat(10)(spec.xRange[1]), FONT.tick),
  });
  const plot: Box = { x: left, y: top, w: width - left - right, h: plotH };
  if (plot.w < 40 || plot.h < 40) throw new RangeError(`${fn}: size ${width}×${height} leaves no room for the plot`);
  x.range([plot.x, plot.x + plot.w]);
  const xTicks = linearTicks(x, 'x');

  // Heat map: one rect per horizontal run of equal colour, each cell centred on its grid point.
  const dx = (spec.xRange[1] - spec.xRange[0]) / (nx - 1);
  const dy = (spec.yRange[1] - spec.yRange[0]) / (ny - 1);
  const colorOf = (v: number): string | undefined =>
    !Number.isFinite(v)
      ? undefined
      : kind === 'class'
        ? mixHex('#ffffff', colorAt(v), TINT_CLASS)
        : probabilityColor(v);
  let cells = '';
  for (let j = 0; j < ny; j++) {
    const yc = spec.yRange[0] + j * dy;
    const y0 = y(yc + dy / 2);
    const h = y(yc - dy / 2) - y0;
    for (let i = 0; i < nx;) {
      const color = colorOf(values[j * nx + i]!);
      let k = i + 1;
      while (k < nx && colorOf(values[j * nx + k]!) === color) k++;
      if (color) {
        const x0 = x(spec.xRange[0] + (i - 0.5) * dx);
        const x1 = x(spec.xRange[0] + (k - 0.5) * dx);
        // +0.5 px overlap hides seams between neighbouring rects.
        cells += el('rect', { x: x0, y: y0, width: x1 - x0 + 0.5, height: h + 0.5, fill: color });
      }
      i = k;
    }
  }
  let boundary = '';
  if (kind === 'probability') {
    const sx = (i: number): string => px(x(spec.xRange[0] + i * dx));
    const sy = (j: number): string => px(y(spec.yRange[0] + j * dy));
    const d = contourSegments(values, nx, ny, 0.5)
      .map(([x0, y0, x1, y1]) => `M${sx(x0)},${sy(y0)}L${sx(x1)},${sy(y1)}`)
      .join('');
    if (d)
      boundary = el('path', {
        d,
        stroke: '#222222',
        'stroke-width': 2,
        fill: 'none',
        'stroke-linecap': 'round',
        class: 'boundary',
      });
  }
  let dots = '';
  if (spec.points) {
    const { label } = spec.points;
    const r = label.length > 2000 ? 2.5 : label.length > 500 ? 3.5 : 4.5;
    for (let k = 0; k < label.length; k++) {
      const px0 = spec.points.x[k]!;
      const py0 = spec.points.y[k]!;
      if (!Number.isFinite(px0) || !Number.isFinite(py0)) continue;
      dots += el('circle', {
        cx: x(px0),
        cy: y(py0),
        r,
        fill: colorAt(label[k]!),
        stroke: '#1a1a1a',
        'stroke-width': 0.7,
      });
    }
  }

  const seed = `${width}x${height}|${spec.title ?? ''}|${nx}x${ny}|${kind}`;
  const clipId = stableId('clip', seed);
  const sideX = plot.x + plot.w + 16;
  const body =
    el(
      'defs',
      {},
      el('clipPath', { id: clipId }, el('rect', { x: plot.x, y: plot.y, width: plot.w, height: plot.h })),
    ) +
    el(
      'g',
      { 'clip-path': `url(#${clipId})` },
      el('g', { 'shape-rendering': 'crispEdges', class: 'heatmap' }, cells) +
        boundary +
        el('g', { class: 'points' }, dots),
    ) +
    el('rect', { x: plot.x, y: plot.y, width: plot.w, height: plot.h, fill: 'none', stroke: '#444444' }) +
    renderAxes(plot, xTicks, yTicks) +
    renderTitles({ width, height }, plot, spec) +
    renderLegend(entries, legend, sideX, plot.y) +
    (kind === 'probability' && plot.h - legend.height > 120
      ? colorBar(
          sideX,
          plot.y + legend.height + 20,
          Math.min(160, plot.h - legend.height - 60),
          stableId('grad', seed),
          barLabel,
        )
      : '');
  return svgDocument(width, height, body, spec.title);
}
