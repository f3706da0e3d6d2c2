/**
 * Grids of image panels as SVG (then PNG through plot/node/png.ts): each panel an embedded PNG drawn
 * with nearest-neighbour scaling, a title above it, a row label on the left. For the fitted
 * images of `actlab siren` and their gradient and Laplacian maps.
 */
import { encodePng } from '../data/image.js';
import { Tensor } from '../tensor/tensor.js';
import { FONT_FAMILY, el, escapeXml, svgDocument, text, truncateText } from '../plot/svg.js';

/** How values map to colour: grey from lo (black) to hi (white), or blue–white–red around 0 (±max). */
export type PanelScale = { kind: 'grey'; lo: number; hi: number } | { kind: 'diverging'; max: number };

export interface Panel {
  title: string;
  /** Row-major `side × side` values. */
  values: ArrayLike<number>;
  side: number;
  scale: PanelScale;
}

export interface PanelRow {
  /** Shown rotated on the left (e.g. "|∇u|  0 … 12"). */
  label?: string;
  panels: Panel[];
}

/**
 * RGB pixels of a panel, each channel in [0, 1], every pixel repeated `zoom`×`zoom` times: the
 * panels are scaled up here, by nearest neighbour, because renderers smooth scaled images
 * (resvg ignores image-rendering) and a smoothed 64×64 fit would hide its pixel-level errors.
 */
function colour(p: Panel, zoom: number): Tensor {
  const n = p.side * p.side;
  const rgb = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) {
    const v = p.values[i]!;
    let r: number;
    let g: number;
    let b: number;
    if (p.scale.kind === 'grey') {
      const t = Number.isFinite(v) ? (v - p.scale.lo) / (p.scale.hi - p.scale.lo || 1) : 0;
      r = g = b = Math.min(1, Math.max(0, t));
    } else {
      // Blue (negative) → white (0) → red (positive), clipped at ±max.
      const t = Number.isFinite(v) ? Math.max(-1, Math.min(1, v / (p.scale.max || 1))) : 0;
      if (t >= 0) [r, g, b] = [1, 1 - 0.8 * t, 1 - 0.85 * t];
      else [r, g, b] = [1 + 0.85 * t, 1 + 0.75 * t, 1];
    }
    rgb[i] = r;
    rgb[n + i] = g;
    rgb[2 * n + i] = b;
  }
  const big = p.side * zoom;
  const out = new Float32Array(3 * big * big);
  for (let c = 0; c < 3; c++)
    for (let y = 0; y < big; y++)
      for (let x = 0; x < big; x++)
        out[(c * big + y) * big + x] = rgb[c * n + Math.floor(y / zoom) * p.side + Math.floor(x / zoom)]!;
  return new Tensor(out, [3, big, big], 'float32');
}

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/**
 * An SVG grid: rows of equally sized square panels. `cell` is the drawn size of one panel in px
 * (default 220; pixels are scaled up without smoothing).
 */
export function panelGrid(spec: { title: string; rows: readonly PanelRow[]; cell?: number; note?: string }): string {
  const cell = spec.cell ?? 220;
  const cols = Math.max(...spec.rows.map((r) => r.panels.length));
  const gap = 14;
  const titleH = 40;
  const captionH = 24;
  const labelW = spec.rows.some((r) => r.label) ? 34 : 0;
  const noteH = spec.note ? 26 : 0;
  const width = labelW + cols * (cell + gap) + gap;
  const height = titleH + spec.rows.length * (cell + captionH + gap) + noteH + 8;
  let body = text(spec.title, {
    x: width / 2,
    y: 26,
    'text-anchor': 'middle',
    'font-size': 20,
    'font-weight': 'bold',
    fill: '#222222',
  });
  spec.rows.forEach((row, r) => {
    const top = titleH + r * (cell + captionH + gap);
    if (row.label) {
      const cy = top + captionH + cell / 2;
      body += text(row.label, {
        x: 20,
        y: cy,
        'text-anchor': 'middle',
        'font-size': 15,
        fill: '#222222',
        transform: `rotate(-90 20 ${cy})`,
      });
    }
    row.panels.forEach((p, c) => {
      const x = labelW + gap + c * (cell + gap);
      body += text(truncateText(p.title, 13, cell), {
        x: x + cell / 2,
        y: top + 17,
        'text-anchor': 'middle',
        'font-size': 13,
        fill: '#222222',
      });
      body += el('image', {
        x,
        y: top + captionH,
        width: cell,
        height: cell,
        preserveAspectRatio: 'none',
        href: `data:image/png;base64,${base64(encodePng(colour(p, Math.max(1, Math.ceil(cell / p.side)))))}`,
      });
      body += el('rect', {
        x,
        y: top + captionH,
        width: cell,
        height: cell,
        fill: 'none',
        stroke: '#999999',
        'stroke-width': 1,
      });
    });
  });
  if (spec.note)
    body += el(
      'text',
      { x: gap, y: height - 12, 'font-size': 12, fill: '#444444', 'font-family': escapeXml(FONT_FAMILY) },
      escapeXml(spec.note),
    );
  return svgDocument(width, height, body, spec.title);
}

/** The q-quantile (0…1) of the finite |values| (for robust colour ranges). */
export function absQuantile(values: ArrayLike<number>, q: number): number {
  const a: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) a.push(Math.abs(values[i]!));
  if (a.length === 0) return 0;
  a.sort((x, y) => x - y);
  return a[Math.min(a.length - 1, Math.floor(q * (a.length - 1)))]!;
}
