/**
 * Colours for charts.
 *
 * The first seven are Okabe & Ito's colour-blind-safe set (2008), reordered so the first
 * pairs contrast most on white; their yellow (#F0E442) is left out because it vanishes on a
 * white background. Paul Tol's wine, olive and a neutral grey complete ten.
 */
export const palette: readonly string[] = Object.freeze([
  '#0072B2', // blue
  '#D55E00', // vermillion
  '#009E73', // bluish green
  '#CC79A7', // reddish purple
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#000000', // black
  '#882255', // wine (Tol)
  '#999933', // olive (Tol)
  '#7F7F7F', // grey
]);

/** The palette colour for series (or class) `i`, cycling after ten. */
export function colorAt(i: number): string {
  const n = palette.length;
  return palette[((Math.trunc(i) % n) + n) % n]!;
}

function parseHex(hex: string): [number, number, number] {
  const m = /^#?([0-9a-f]{6}|[0-9a-f]{3})$/i.exec(hex.trim());
  if (!m) throw new RangeError(`mixHex: expected a colour like "#1f77b4" or "#abc", got "${hex}"`);
  let h = m[1]!;
  if (h.length === 3) h = h[0]! + h[0]! + h[1]! + h[1]! + h[2]! + h[2]!;
  return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
}

/**
 * Linear mix of two hex colours in sRGB: `t = 0` gives `a`, `t = 1` gives `b`.
 *
 * @example mixHex('#ffffff', '#0072B2', 0.4) // a pale blue
 */
export function mixHex(a: string, b: string, t: number): string {
  const ca = parseHex(a);
  const cb = parseHex(b);
  const u = Math.min(1, Math.max(0, t));
  const hex = (i: number): string =>
    Math.round(ca[i]! + (cb[i]! - ca[i]!) * u)
      .toString(16)
      .padStart(2, '0');
  return `#${hex(0)}${hex(1)}${hex(2)}`;
}
