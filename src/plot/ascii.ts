/**
 * Terminal sketches of one or a few curves (`actlab show relu`): braille dots (2×4 per
 * character) for one curve, or plain marks (`*`, `o`, `+`, `x`) so that several curves stay
 * distinguishable without colour.
 */
import { scaleLinear } from 'd3-scale';
import { checkDomain, widen } from './check.js';

/** A curve: a function sampled over `xRange`, or explicit points drawn in order. */
export type AsciiSeries =
  { name?: string; f: (x: number) => number } | { name?: string; x: ArrayLike<number>; y: ArrayLike<number> };

/** Options for {@link asciiPlot}. */
export interface AsciiPlotOptions {
  /** Total width in columns, axis labels included (default 60, at least 24). */
  width?: number;
  /** Total height in lines, axis labels and legend included (default 16, at least 6). */
  height?: number;
  /** x range; required when a series is a function, else the data's extent. */
  xRange?: [number, number];
  /** y range; default: the extent of the finite values drawn. */
  yRange?: [number, number];
  /** `'braille'` (default for one curve or with colour) or `'ascii'` (default otherwise). */
  chars?: 'braille' | 'ascii';
  /** Colour each curve with ANSI escapes (default false); widths then count visible columns. */
  color?: boolean;
}

const MARKS = ['*', 'o', '+', 'x'];
const ANSI = [34, 31, 32, 35];
// Braille dot bits by [column][row] within a 2×4 cell (Unicode's dot numbering 1–8).
const BRAILLE = [
  [0x01, 0x02, 0x04, 0x40],
  [0x08, 0x10, 0x20, 0x80],
];

/** Short label for an axis value: 3 significant digits, exponent form when very large/small. */
function short(v: number): string {
  if (v === 0) return '0';
  if (Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3) return v.toExponential(1).replace('e+', 'e');
  return String(Number(v.toPrecision(3)));
}

function isFn(s: AsciiSeries): s is { name?: string; f: (x: number) => number } {
  return typeof (s as { f?: unknown }).f === 'function';
}

/**
 * Draws curves as text with y labels (top, 0, bottom), x labels (ends and middle) and a
 * legend line when the curves have names. The result has exactly `height` lines of exactly
 * `width` visible columns, joined by `\n`.
 *
 * Non-finite values break a curve; values outside `yRange` are clipped.
 *
 * @param series - one curve or an array of up to four.
 * @param options - width (60), height (16), xRange, yRange, chars, color.
 * @throws RangeError for no series, more than four, x/y length mismatch, a missing xRange
 *   for function series, or a size too small to draw in.
 * @example console.log(asciiPlot({ name: 'relu', f: (x) => Math.max(0, x) }, { xRange: [-5, 5] }))
 */
export function asciiPlot(series: AsciiSeries | readonly AsciiSeries[], options: AsciiPlotOptions = {}): string {
  const fn = 'asciiPlot';
  const list: readonly AsciiSeries[] = Array.isArray(series) ? series : [series as AsciiSeries];
  if (list.length === 0 || list.length > MARKS.length) {
    throw new RangeError(`${fn}: series must hold 1 to ${MARKS.length} curves, got ${list.length}`);
  }
  const width = options.width ?? 60;
  const height = options.height ?? 16;
  if (!Number.isInteger(width) || width < 24)
    throw new RangeError(`${fn}: width must be an integer ≥ 24, got ${width}`);
  if (!Number.isInteger(height) || height < 6)
    throw new RangeError(`${fn}: height must be an integer ≥ 6, got ${height}`);
  checkDomain(fn, 'xRange', options.xRange);
  checkDomain(fn, 'yRange', options.yRange);
  const color = options.color ?? false;
  const braille = (options.chars ?? (list.length === 1 || color ? 'braille' : 'ascii')) === 'braille';

  let xr = options.xRange;
  if (!xr) {
    let lo = Infinity;
    let hi = -Infinity;
    list.forEach((s, i) => {
      if (isFn(s)) throw new RangeError(`${fn}: options.xRange is required when series[${i}] is a function`);
      for (let k = 0; k < s.x.length; k++)
        if (Number.isFinite(s.x[k]!)) [lo, hi] = [Math.min(lo, s.x[k]!), Math.max(hi, s.x[k]!)];
    });
    xr = widen(lo <= hi ? [lo, hi] : [0, 1]);
  }
  const [x0, x1] = xr;
  const named = list.some((s) => s.name);
  const rows = height - 2 - (named ? 1 : 0);
  const [sx, sy] = braille ? [2, 4] : [1, 1];

  // Sample every curve first: the y labels' width decides how many columns remain.
  const provisionalCols = width - 8;
  const samples = list.map((s, i): [number[], number[]] => {
    if (isFn(s)) {
      const n = provisionalCols * sx * 2;
      const xs = Array.from({ length: n }, (_, k) => x0 + ((x1 - x0) * k) / (n - 1));
      return [xs, xs.map((v) => s.f(v))];
    }
    if (s.x?.length !== s.y?.length) {
      throw new RangeError(
        `${fn}: series[${i}] has x of length ${s.x?.length} but y of length ${s.y?.length}; they must match`,
      );
    }
    return [Array.from(s.x), Array.from(s.y)];
  });
  let yr = options.yRange;
  if (!yr) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const [xs, ys] of samples) {
      ys.forEach((v, k) => {
        if (Number.isFinite(v) && xs[k]! >= x0 && xs[k]! <= x1) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
      });
    }
    // Round outwards (0.0025..0.998 → 0..1) so the y labels read cleanly.
    yr = scaleLinear()
      .domain(widen(lo <= hi ? [lo, hi] : [0, 1]))
      .nice(4)
      .domain() as [number, number];
  }
  const [y0, y1] = yr;

  const dotsY = rows * sy;
  const zeroRow = y0 < 0 && y1 > 0 ? Math.floor(Math.round(((y1 - 0) / (y1 - y0)) * (dotsY - 1)) / sy) : -1;
  const yLabels = new Map<number, string>([
    [0, short(y1)],
    [rows - 1, short(y0)],
  ]);
  if (zeroRow > 0 && zeroRow < rows - 1) yLabels.set(zeroRow, '0');
  const gutter = Math.max(...[...yLabels.values()].map((l) => l.length)) + 1;
  const cols = width - gutter - 1;
  if (cols < 10) throw new RangeError(`${fn}: width ${width} leaves fewer than 10 columns for the plot`);
  const dotsX = cols * sx;

  // Rasterise each curve into its own dot grid, joining consecutive finite points.
  const grids = samples.map(([xs, ys]) => {
    const g = new Uint8Array(dotsX * dotsY);
    const set = (c: number, r: number): void => {
      if (c >= 0 && c < dotsX && r >= 0 && r < dotsY) g[r * dotsX + c] = 1;
    };
    const clampDot = (v: number, n: number): number => Math.max(-1, Math.min(n, v));
    let prev: [number, number] | null = null;
    for (let k = 0; k < xs.length; k++) {
      const xv = xs[k]!;
      const yv = ys[k]!;
      if (!Number.isFinite(xv) || !Number.isFinite(yv)) {
        prev = null;
        continue;
      }
      const c = clampDot(Math.round(((xv - x0) / (x1 - x0)) * (dotsX - 1)), dotsX);
      const r = clampDot(Math.round(((y1 - yv) / (y1 - y0)) * (dotsY - 1)), dotsY);
      if (prev) {
        const steps = Math.max(Math.abs(c - prev[0]), Math.abs(r - prev[1]), 1);
        for (let s = 0; s <= steps; s++) {
          set(Math.round(prev[0] + ((c - prev[0]) * s) / steps), Math.round(prev[1] + ((r - prev[1]) * s) / steps));
        }
      } else set(c, r);
      prev = [c, r];
    }
    return g;
  });

  const paint = (s: string, i: number): string => (color ? `\x1b[${ANSI[i]}m${s}\x1b[0m` : s);
  const zeroCol = x0 < 0 && x1 > 0 ? Math.floor(Math.round((-x0 / (x1 - x0)) * (dotsX - 1)) / sx) : -1;
  const lines: string[] = [];
  for (let row = 0; row < rows; row++) {
    let line = (yLabels.get(row) ?? '').padStart(gutter - 1) + ' ' + (yLabels.has(row) ? '┤' : '│');
    for (let col = 0; col < cols; col++) {
      let bits = 0;
      let owner = -1;
      let count = 0;
      grids.forEach((g, i) => {
        let b = 0;
        for (let dc = 0; dc < sx; dc++) {
          for (let dr = 0; dr < sy; dr++) if (g[(row * sy + dr) * dotsX + col * sx + dc]) b |= BRAILLE[dc]![dr]!;
        }
        if (b) [bits, owner, count] = [bits | b, owner < 0 ? i : owner, count + 1];
      });
      if (owner < 0) line += row === zeroRow || col === zeroCol ? '·' : ' ';
      else if (braille) line += paint(String.fromCharCode(0x2800 + bits), owner);
      else line += count > 1 ? '#' : paint(MARKS[owner]!, owner);
    }
    lines.push(line);
  }

  // x axis: labels at both ends and in the middle, each with a tick at its value's column.
  const axis = [...'─'.repeat(cols)];
  const xl = [...' '.repeat(cols)];
  const put = (value: number): void => {
    const label = short(value);
    const at = Math.round(((value - x0) / (x1 - x0)) * (cols - 1));
    const start = Math.max(0, Math.min(cols - label.length, at - Math.floor(label.length / 2)));
    if (xl.slice(Math.max(0, start - 1), start + label.length + 1).some((ch) => ch !== ' ')) return;
    xl.splice(start, label.length, ...label);
    axis[at] = '┬';
  };
  put(x0);
  put(x1);
  put((x0 + x1) / 2);
  lines.push(' '.repeat(gutter) + '└' + axis.join(''));
  lines.push(' '.repeat(gutter + 1) + xl.join(''));
  if (named) {
    let legend = ' '.repeat(gutter + 1);
    let visible = legend.length;
    list.forEach((s, i) => {
      const name = s.name ?? `series ${i}`;
      const w = (visible > gutter + 1 ? 3 : 0) + 2 + name.length;
      if (visible + w > width) return;
      legend += (visible > gutter + 1 ? '   ' : '') + paint(braille ? '⣿' : MARKS[i]!, i) + ' ' + name;
      visible += w;
    });
    lines.push(legend);
  }
  return lines.map((l) => padVisible(l, width)).join('\n');
}

/** Pads (or cuts) a line to `width` visible columns, ignoring ANSI colour escapes. */
function padVisible(line: string, width: number): string {
  // eslint-disable-next-line no-control-regex -- ESC starts the ANSI colour codes being removed
  const visible = line.replace(/\x1b\[[0-9]+m/g, '').length;
  return visible >= width ? line : line + ' '.repeat(width - visible);
}
