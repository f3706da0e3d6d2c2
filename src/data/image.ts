/**
 * Images as tensors, from and to bytes (browser-safe: no file access here; see image-file.ts).
 * PNG through fast-png and JPEG through jpeg-js, both pure JavaScript on Uint8Arrays. A decoded
 * image is a float32 tensor with values in [0, 1]: `[H, W]` for grey, `[C, H, W]` for colour,
 * channels first as torch's image tensors.
 *
 * fast-png rather than pngjs: pngjs reads Node Buffers through Node's zlib and stream modules
 * (its browser bundle is 570 KB with its own Buffer polyfill and rejects a plain Uint8Array).
 */
import { convertIndexedToRgb, decode as decodePngBytes, encode as encodePngBytes } from 'fast-png';
import type { DecodedPng } from 'fast-png';
import jpeg from 'jpeg-js';
import { Tensor } from '../tensor/tensor.js';
import { fmtShape } from '../tensor/shape.js';

/** A picture that cannot be decoded or encoded: unknown format, corrupt bytes, a bad shape. */
export class ImageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ImageError';
  }
}

export type ImageFormat = 'png' | 'jpeg';

/** The format the bytes start with (PNG or JPEG signature), or null. */
export function imageFormat(bytes: Uint8Array): ImageFormat | null {
  const b = (i: number): number => bytes[i] ?? -1;
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return 'png';
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'jpeg';
  return null;
}

export interface DecodeImageOptions {
  /**
   * 'auto' (default): `[H, W]` when the picture is grey (a grey PNG, or colour whose channels are
   * all equal), else `[3, H, W]` (alpha dropped). 1: grey, converted from colour with ITU-R 601
   * luma 0.299 R + 0.587 G + 0.114 B (as PIL's convert('L')). 3: RGB. 4: RGBA (opaque where the
   * file has no alpha).
   */
  channels?: 'auto' | 1 | 3 | 4;
  /** Names the source in error messages (a file path, a URL). */
  source?: string;
}

/** Interleaved pixels, `channels` per pixel (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA), each value in [0, 1]. */
interface Pixels {
  width: number;
  height: number;
  channels: number;
  values: Float32Array;
}

/**
 * Decodes PNG or JPEG bytes into a float32 tensor in [0, 1] (8- and 16-bit PNGs, palettes,
 * grey with 1–16 bits, interlaced; baseline and progressive JPEG).
 *
 * @returns `[H, W]` (grey) or `[C, H, W]`, see {@link DecodeImageOptions.channels}.
 * @throws ImageError for bytes that are neither PNG nor JPEG, or that fail to decode.
 * @example const img = decodeImage(new Uint8Array(await (await fetch('camera.png')).arrayBuffer()));
 */
export function decodeImage(bytes: Uint8Array, options: DecodeImageOptions = {}): Tensor {
  const what = options.source ?? 'image';
  const channels = options.channels ?? 'auto';
  if (channels !== 'auto' && channels !== 1 && channels !== 3 && channels !== 4)
    throw new ImageError(`decodeImage: channels must be 'auto', 1, 3 or 4, got ${JSON.stringify(channels)}`);
  if (!(bytes instanceof Uint8Array)) throw new ImageError(`decodeImage: expected a Uint8Array of file bytes`);
  const format = imageFormat(bytes);
  if (format === null) {
    const head = Array.from(bytes.subarray(0, 4), (v) => v.toString(16).padStart(2, '0')).join(' ');
    throw new ImageError(
      `${what}: unsupported image format (expected PNG or JPEG; the file starts with ${head ? `bytes ${head}` : 'nothing: it is empty'})`,
    );
  }
  let pixels: Pixels;
  try {
    pixels = format === 'png' ? pngPixels(bytes) : jpegPixels(bytes);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new ImageError(`${what}: cannot decode this ${format.toUpperCase()} file (${why})`, { cause: err });
  }
  return toTensor(pixels, channels);
}

function pngPixels(bytes: Uint8Array): Pixels {
  let png: DecodedPng = decodePngBytes(bytes);
  if (png.palette) png = { ...png, data: convertIndexedToRgb(png), channels: png.palette[0]?.length ?? 3, depth: 8 };
  const { width, height, channels, depth } = png;
  const values = new Float32Array(width * height * channels);
  if (depth >= 8) {
    const max = depth === 16 ? 65535 : 255;
    for (let i = 0; i < values.length; i++) values[i] = png.data[i]! / max;
  } else {
    // 1-, 2- and 4-bit grey: samples packed from the high bit, each row starting on a new byte.
    const max = (1 << depth) - 1;
    const rowBytes = Math.ceil((width * channels * depth) / 8);
    for (let y = 0; y < height; y++) {
      for (let k = 0; k < width * channels; k++) {
        const bit = k * depth;
        const byte = png.data[y * rowBytes + (bit >> 3)]!;
        values[y * width * channels + k] = ((byte >> (8 - depth - (bit & 7))) & max) / max;
      }
    }
  }
  return { width, height, channels, values };
}

function jpegPixels(bytes: Uint8Array): Pixels {
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, maxMemoryUsageInMB: 1024 });
  const { width, height, data } = img;
  const channels = data.length / (width * height);
  const values = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) values[i] = data[i]! / 255;
  return { width, height, channels, values };
}

function toTensor(p: Pixels, wanted: 'auto' | 1 | 3 | 4): Tensor {
  const { width: w, height: h, channels: c, values: v } = p;
  const n = w * h;
  const hasColour = c >= 3;
  const sample = (i: number, ch: number): number => {
    // ch: 0 R, 1 G, 2 B, 3 alpha (grey files repeat their one value, and are opaque without alpha)
    if (ch === 3) return c === 2 || c === 4 ? v[i * c + c - 1]! : 1;
    return v[i * c + (hasColour ? ch : 0)]!;
  };
  const grey = !hasColour || isGrey(v, n, c);
  const out = wanted === 'auto' ? (grey ? 1 : 3) : wanted;
  const data = new Float32Array(out * n);
  if (out === 1) {
    for (let i = 0; i < n; i++)
      data[i] = grey ? sample(i, 0) : 0.299 * sample(i, 0) + 0.587 * sample(i, 1) + 0.114 * sample(i, 2);
    return new Tensor(data, [h, w], 'float32');
  }
  for (let ch = 0; ch < out; ch++) for (let i = 0; i < n; i++) data[ch * n + i] = sample(i, ch);
  return new Tensor(data, [out, h, w], 'float32');
}

/** Colour pixels whose R, G and B are all equal (a grey photo saved as RGB, e.g. many JPEGs). */
function isGrey(v: Float32Array, n: number, c: number): boolean {
  for (let i = 0; i < n; i++) {
    const r = v[i * c]!;
    if (v[i * c + 1] !== r || v[i * c + 2] !== r) return false;
  }
  return true;
}

/** Height, width and channels of an image tensor `[H, W]` or `[C, H, W]` (C = 1, 3 or 4). */
export function imageShape(image: Tensor, op = 'image'): { channels: number; height: number; width: number } {
  if (!(image instanceof Tensor)) throw new ImageError(`${op}: expected an image Tensor [H, W] or [C, H, W]`);
  const s = image.shape;
  if (image.ndim === 2) return { channels: 1, height: s[0]!, width: s[1]! };
  if (image.ndim === 3 && [1, 3, 4].includes(s[0]!)) return { channels: s[0]!, height: s[1]!, width: s[2]! };
  throw new ImageError(`${op}: expected an image of shape [H, W] or [C, H, W] with C = 1, 3 or 4, got ${fmtShape(s)}`);
}

/**
 * Encodes an image tensor with values in [0, 1] as an 8-bit PNG (grey, RGB or RGBA after its
 * channels). Values are clipped to [0, 1] and rounded; NaN becomes 0.
 * @example writeFileSync('out.png', encodePng(prediction.reshape([64, 64])));
 */
export function encodePng(image: Tensor): Uint8Array {
  const { channels, height, width } = imageShape(image, 'encodePng');
  const n = height * width;
  const src = image.data;
  const data = new Uint8Array(n * channels);
  for (let ch = 0; ch < channels; ch++) {
    for (let i = 0; i < n; i++) {
      const v = src[ch * n + i]!;
      data[i * channels + ch] = v > 0 ? (v < 1 ? Math.round(v * 255) : 255) : 0;
    }
  }
  return encodePngBytes({ width, height, data, channels, depth: 8 });
}
