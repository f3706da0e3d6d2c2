/** Colours of the lab: series (Okabe–Ito, colour-blind safe), classes and the diverging map of the planes. */
export const seriesColors = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000', '#f0e442'];

export const seriesColor = (i: number): string => seriesColors[i % seriesColors.length]!;

/** Two-class planes and points: orange for class 0 / negative, blue for class 1 / positive (TF Playground's convention). */
export const NEGATIVE: readonly [number, number, number] = [245, 147, 34];
export const POSITIVE: readonly [number, number, number] = [8, 119, 189];
export const NEUTRAL: readonly [number, number, number] = [232, 234, 235];

/** Class colours beyond two. */
export const classColors: readonly (readonly [number, number, number])[] = [
  NEGATIVE,
  POSITIVE,
  [0, 158, 115],
  [204, 121, 167],
  [213, 94, 0],
  [86, 180, 233],
];

export const rgb = (c: readonly [number, number, number], a = 1): string => `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${a})`;

/** Diverging colour of t ∈ [−1, 1]: NEGATIVE through NEUTRAL to POSITIVE. */
export function diverging(t: number): [number, number, number] {
  const s = Math.max(-1, Math.min(1, Number.isFinite(t) ? t : 0));
  const end = s < 0 ? NEGATIVE : POSITIVE;
  const a = Math.abs(s);
  return [0, 1, 2].map((k) => Math.round(NEUTRAL[k]! + (end[k]! - NEUTRAL[k]!) * a)) as [number, number, number];
}

/** `diverging` sampled at 257 points of [−1, 1] as RGB bytes, for per-pixel loops without allocations. */
export const DIVERGING_LUT: Uint8Array = (() => {
  const lut = new Uint8Array(257 * 3);
  for (let i = 0; i <= 256; i++) lut.set(diverging(i / 128 - 1), 3 * i);
  return lut;
})();

/** Writes the diverging colour of t ∈ [−1, 1] (opaque) into `out` at byte offset `o`. */
export function writeDiverging(out: Uint8ClampedArray, o: number, t: number): void {
  const k = 3 * Math.round(128 * (Math.max(-1, Math.min(1, Number.isFinite(t) ? t : 0)) + 1));
  out[o] = DIVERGING_LUT[k]!;
  out[o + 1] = DIVERGING_LUT[k + 1]!;
  out[o + 2] = DIVERGING_LUT[k + 2]!;
  out[o + 3] = 255;
}
