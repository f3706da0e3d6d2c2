/** Images on disk (Node only; decoding and encoding in `./image.ts` are browser-safe). */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Tensor } from '../../tensor/tensor.js';
import { ImageError, decodeImage, encodePng, type DecodeImageOptions } from '../image.js';

/**
 * Reads a PNG or JPEG file into a float32 tensor in [0, 1] (see {@link decodeImage}).
 * @throws ImageError naming the path: missing or unreadable file, unsupported format, corrupt data.
 * @example const camera = readImageFile('camera.png'); // [512, 512]
 */
export function readImageFile(path: string, options: Omit<DecodeImageOptions, 'source'> = {}): Tensor {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? String(err));
    throw new ImageError(`${path}: cannot read the image (${why})`, { cause: err });
  }
  return decodeImage(bytes, { ...options, source: path });
}

/** Writes an image tensor in [0, 1] (`[H, W]` or `[C, H, W]`) as an 8-bit PNG file. */
export function writePngFile(path: string, image: Tensor): void {
  writeFileSync(path, encodePng(image));
}
