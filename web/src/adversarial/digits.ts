/**
 * The demo's MNIST digits (built by web/scripts/mnist-asset.mjs from the `mnist` package; MNIST
 * is LeCun, Cortes & Burges', CC BY-SA 3.0): 3,000 digits, classes interleaved, split into the
 * first 2,500 for training and the last 500 for testing.
 */
export const PIXELS = 784;
export const TRAIN = 2500;

export interface Digits {
  count: number;
  labels: Uint8Array;
  /** count × 784 pixels in [0, 1]. */
  pixels: Float32Array;
}

/** Parses the uncompressed asset ("MNST", uint32 count, labels, pixels). */
export function parseDigits(buf: ArrayBuffer): Digits {
  const bytes = new Uint8Array(buf);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== 'MNST') throw new Error(`mnist-digits: not a digits file (starts with '${magic}', expected 'MNST')`);
  const count = new DataView(buf).getUint32(4, true);
  if (bytes.length !== 8 + count * (1 + PIXELS)) {
    throw new Error(`mnist-digits: ${bytes.length} bytes for ${count} digits (expected ${8 + count * (1 + PIXELS)})`);
  }
  const labels = bytes.slice(8, 8 + count);
  const raw = bytes.subarray(8 + count);
  const pixels = new Float32Array(raw.length);
  for (let i = 0; i < raw.length; i++) pixels[i] = raw[i]! / 255;
  return { count, labels, pixels };
}

/** Fetches and decompresses the asset next to the page. */
export async function loadDigits(url: URL): Promise<Digits> {
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new Error(`mnist-digits: ${url.pathname} answered ${res.status}`);
  const stream = res.body.pipeThrough(new DecompressionStream('gzip'));
  return parseDigits(await new Response(stream).arrayBuffer());
}

/** Digit `i` as a [1, 784] row. */
export const digitPixels = (d: Digits, i: number): Float32Array => d.pixels.subarray(i * PIXELS, (i + 1) * PIXELS);
