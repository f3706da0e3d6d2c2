/**
 * IEEE-style small floats (float16 = 5 exponent / 10 mantissa bits, bfloat16 = 8 / 7) to and
 * from JS numbers. Encoding rounds the exact double once, to nearest with ties to even, as
 * PyTorch's `.half()` / `.bfloat16()` do — going through float32 first would round twice.
 */

/** Bit layout of a small float: sign, `exponentBits`, `mantissaBits` (IEEE inf/NaN rules). */
export interface MiniFloatFormat {
  exponentBits: number;
  mantissaBits: number;
}

export const FLOAT16: MiniFloatFormat = { exponentBits: 5, mantissaBits: 10 };
export const BFLOAT16: MiniFloatFormat = { exponentBits: 8, mantissaBits: 7 };

/** Rounds to the nearest integer, ties to even (IEEE default rounding). */
function roundHalfEven(q: number): number {
  const f = Math.floor(q);
  const d = q - f;
  return d > 0.5 || (d === 0.5 && f % 2 === 1) ? f + 1 : f;
}

/** The bits of the small float nearest to `value` (NaN → the canonical quiet NaN). */
export function encodeMiniFloat(value: number, format: MiniFloatFormat): number {
  const { exponentBits: E, mantissaBits: M } = format;
  const bias = 2 ** (E - 1) - 1;
  const maxExponent = 2 ** E - 1;
  const signBit = 2 ** (E + M);
  if (Number.isNaN(value)) return maxExponent * 2 ** M + 2 ** (M - 1);
  const sign = value < 0 || Object.is(value, -0) ? signBit : 0;
  const a = Math.abs(value);
  if (a === Infinity) return sign + maxExponent * 2 ** M;
  const minNormal = 2 ** (1 - bias);
  if (a < minNormal) {
    // Subnormal: a multiple of 2^(1−bias−M). Rounding up to 2^M lands exactly on the smallest
    // normal's bit pattern, so no special case is needed.
    return sign + roundHalfEven(a / 2 ** (1 - bias - M));
  }
  // Exponent of a: Math.log2 can be off by one near powers of two, so correct it exactly.
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e -= 1;
  else if (2 ** (e + 1) <= a) e += 1;
  let mantissa = roundHalfEven((a / 2 ** e - 1) * 2 ** M);
  if (mantissa === 2 ** M) {
    mantissa = 0;
    e += 1;
  }
  const biased = e + bias;
  if (biased >= maxExponent) return sign + maxExponent * 2 ** M; // overflow rounds to ±Inf
  return sign + biased * 2 ** M + mantissa;
}

/** The value of small-float bits (exact: every float16/bfloat16 is a float32 and a double). */
export function decodeMiniFloat(bits: number, format: MiniFloatFormat): number {
  const { exponentBits: E, mantissaBits: M } = format;
  const bias = 2 ** (E - 1) - 1;
  const maxExponent = 2 ** E - 1;
  const sign = bits >= 2 ** (E + M) ? -1 : 1;
  const exponent = Math.floor(bits / 2 ** M) % 2 ** E;
  const mantissa = bits % 2 ** M;
  if (exponent === maxExponent) return mantissa === 0 ? sign * Infinity : NaN;
  if (exponent === 0) return sign * mantissa * 2 ** (1 - bias - M);
  return sign * (2 ** M + mantissa) * 2 ** (exponent - bias - M);
}
