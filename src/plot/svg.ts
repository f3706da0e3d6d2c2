/**
 * Small helpers for writing SVG as strings: escaping, number formatting, elements, the
 * document wrapper, text-width estimates and stable ids.
 */

/** Attribute values; `undefined` and `false` drop the attribute. */
export type Attrs = Record<string, string | number | boolean | undefined>;

/** Escapes text and attribute values for XML (`&`, `<`, `>`, quotes). */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
  );
}

/** A pixel coordinate with at most two decimals and no trailing zeros (`12.5`, not `12.500`). */
export function px(v: number): string {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

function attrString(attrs: Attrs): string {
  let out = '';
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    const s = v === true ? k : typeof v === 'number' ? px(v) : v;
    out += ` ${k}="${escapeXml(s)}"`;
  }
  return out;
}

/**
 * One SVG element. `children` is inserted as-is (already SVG markup); use {@link text} for
 * text content.
 */
export function el(tag: string, attrs: Attrs = {}, children?: string): string {
  return children === undefined ? `<${tag}${attrString(attrs)}/>` : `<${tag}${attrString(attrs)}>${children}</${tag}>`;
}

/** A `<text>` element with escaped content. */
export function text(content: string, attrs: Attrs): string {
  return el('text', attrs, escapeXml(content));
}

/** Font family used by every chart; resvg falls back to DejaVu Sans, which ships with Debian. */
export const FONT_FAMILY = "'DejaVu Sans', Verdana, Arial, sans-serif";

/** Wraps chart markup in a standalone SVG document (with `xmlns`, so resvg and browsers accept it). */
export function svgDocument(width: number, height: number, body: string, title?: string): string {
  const head = title ? el('title', {}, escapeXml(title)) : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${px(width)}" height="${px(height)}" ` +
    `viewBox="0 0 ${px(width)} ${px(height)}" font-family="${escapeXml(FONT_FAMILY)}">` +
    head +
    el('rect', { width, height, fill: '#ffffff' }) +
    body +
    '</svg>\n'
  );
}

/**
 * Rough rendered width of `s` in DejaVu Sans at `fontSize` px. DejaVu is wide (about 0.6 em
 * for lower case, 0.7 em for capitals); overestimating is safer than a clipped label.
 */
export function textWidth(s: string, fontSize: number): number {
  let em = 0;
  for (const ch of s) {
    if (ch === ' ' || ch === '.' || ch === ',' || ch === ':' || ch === '|' || ch === "'") em += 0.34;
    else if (/[A-Z]|[MWmw@%]/.test(ch)) em += 0.74;
    else em += 0.62;
  }
  return em * fontSize;
}

/** Shortens `s` with an ellipsis so that it fits in `maxWidth` px. */
export function truncateText(s: string, fontSize: number, maxWidth: number): string {
  if (textWidth(s, fontSize) <= maxWidth) return s;
  const chars = [...s];
  while (chars.length > 1 && textWidth(chars.join('') + '…', fontSize) > maxWidth) chars.pop();
  return chars.join('') + '…';
}

/**
 * A short id derived from `seed` (FNV-1a), so that clip paths and gradients of two charts
 * inlined in one HTML page do not collide, without any global counter.
 */
export function stableId(prefix: string, seed: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193) >>> 0;
  return `${prefix}-${h.toString(36)}`;
}
