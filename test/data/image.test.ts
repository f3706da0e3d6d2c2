/**
 * Images: decoding PNG/JPEG against Pillow's pixels (fixtures from scripts/fixtures/gen_images.py),
 * the PNG round trip, area resizing against Pillow's BOX filter, crops, grey conversion, the
 * coordinate grid, the default camera asset, and errors for bad input.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImageError, decodeImage, encodePng, imageFormat } from '../../src/data/image.js';
import { readImageFile, writePngFile } from '../../src/data/node/image-file.js';
import { centerCrop, centerSquare, coordinateGrid, resizeArea, toGrey } from '../../src/data/image-transforms.js';
import { tensor } from '../../src/tensor/create.js';

const DIR = new URL('../fixtures/images/', import.meta.url).pathname;
interface Golden {
  mode: string;
  height: number;
  width: number;
  channels: number;
  max: number;
  pixels: number[];
}
const fixtures = JSON.parse(readFileSync(join(DIR, 'images.json'), 'utf8')) as {
  files: Record<string, Golden>;
  resize: { src: number[]; srcShape: [number, number]; dst: number[]; dstShape: [number, number] };
};
const tmp = mkdtempSync(join(tmpdir(), 'actlab-image-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Pillow's value of channel c at pixel i, in [0, 1] (a grey golden repeats its one channel). */
const golden = (g: Golden, i: number, c: number): number =>
  g.pixels[i * g.channels + Math.min(c, g.channels - 1)]! / g.max;

describe('decodeImage', () => {
  const cases: [string, number[], number][] = [
    // file, expected shape, tolerance (JPEG: libjpeg and jpeg-js round their IDCTs differently)
    ['grey8.png', [5, 7], 1e-7],
    ['grey16.png', [5, 7], 1e-7],
    ['grey1.png', [5, 7], 1e-7],
    ['grey-alpha.png', [5, 7], 1e-7],
    ['grey-as-rgb.png', [5, 7], 1e-7],
    ['rgb.png', [3, 5, 7], 1e-7],
    ['rgba.png', [3, 5, 7], 1e-7],
    ['palette.png', [3, 5, 7], 1e-7],
    ['grey.jpg', [10, 14], 3 / 255],
    ['rgb.jpg', [3, 10, 14], 4 / 255],
  ];
  for (const [file, shape, tol] of cases) {
    it(`reads ${file} as Pillow does`, () => {
      const g = fixtures.files[file]!;
      const img = readImageFile(join(DIR, file));
      expect(img.shape).toEqual(shape);
      expect(img.dtype).toBe('float32');
      const n = g.height * g.width;
      const channels = shape.length === 2 ? 1 : shape[0]!;
      for (let c = 0; c < channels; c++)
        for (let i = 0; i < n; i++) expect(Math.abs(img.data[c * n + i]! - golden(g, i, c))).toBeLessThanOrEqual(tol);
    });
  }
  it('converts to the channels asked for: grey by ITU-R 601 luma, RGBA with alpha', () => {
    const g = fixtures.files['rgba.png']!;
    const bytes = readFileSync(join(DIR, 'rgba.png'));
    const grey = decodeImage(bytes, { channels: 1 });
    const rgba = decodeImage(bytes, { channels: 4 });
    expect(grey.shape).toEqual([5, 7]);
    expect(rgba.shape).toEqual([4, 5, 7]);
    for (let i = 0; i < 35; i++) {
      const luma = 0.299 * golden(g, i, 0) + 0.587 * golden(g, i, 1) + 0.114 * golden(g, i, 2);
      expect(grey.data[i]).toBeCloseTo(luma, 6);
      expect(rgba.data[3 * 35 + i]).toBeCloseTo(golden(g, i, 3), 7);
    }
    const opaque = decodeImage(readFileSync(join(DIR, 'grey8.png')), { channels: 4 });
    expect(Array.from(opaque.data.slice(3 * 35))).toEqual(new Array(35).fill(1));
    expect(Array.from(toGrey(decodeImage(bytes)).data)).toEqual(Array.from(grey.data));
  });
  it('names unsupported, corrupt, missing and unreadable files', () => {
    expect(() => readImageFile(join(DIR, 'not-an-image.png'))).toThrow(
      /not-an-image\.png: unsupported image format \(expected PNG or JPEG; the file starts with bytes 47 49 46 38\)/,
    );
    expect(() => readImageFile(join(DIR, 'truncated.png'))).toThrow(/truncated\.png: cannot decode this PNG file \(/);
    expect(() => readImageFile(join(DIR, 'missing.png'))).toThrow(
      /missing\.png: cannot read the image \(no such file\)/,
    );
    expect(() => readImageFile(DIR)).toThrow(/cannot read the image \(is a directory\)/);
    expect(() => decodeImage(new Uint8Array(0))).toThrow(ImageError);
    expect(() => decodeImage(new Uint8Array(0))).toThrow(
      'image: unsupported image format (expected PNG or JPEG; the file starts with nothing: it is empty)',
    );
    expect(imageFormat(readFileSync(join(DIR, 'rgb.jpg')))).toBe('jpeg');
  });
});

describe('encodePng', () => {
  it('round-trips grey and colour through 8 bits, clipping to [0, 1]', () => {
    const img = tensor([0, 0.5, 1, -0.3, 1.7, NaN], { shape: [2, 3] });
    const path = join(tmp, 'grey.png');
    writePngFile(path, img);
    expect(Array.from(readImageFile(path).data)).toEqual([0, 128 / 255, 1, 0, 1, 0].map((v) => Math.fround(v)));
    const rgb = readImageFile(join(DIR, 'rgb.png'));
    expect(Array.from(decodeImage(encodePng(rgb)).data)).toEqual(Array.from(rgb.data));
    expect(() => encodePng(tensor([1, 2], { shape: [2] }))).toThrow(
      'encodePng: expected an image of shape [H, W] or [C, H, W] with C = 1, 3 or 4, got [2]',
    );
  });
});

describe('image transforms', () => {
  it('resizeArea weighs exact pixel overlaps and averages integer blocks exactly', () => {
    const { src, srcShape, dst, dstShape } = fixtures.resize;
    const out = resizeArea(tensor(src, { shape: srcShape }), ...dstShape);
    expect(out.shape).toEqual(dstShape);
    out.data.forEach((v, i) => expect(v).toBeCloseTo(dst[i]!, 5));
    const block = resizeArea(tensor([1, 2, 3, 4, 5, 6, 7, 8], { shape: [1, 2, 4] }), 1, 2);
    expect(Array.from(block.data)).toEqual([3.5, 5.5]);
    expect(() => resizeArea(tensor([1], { shape: [1, 1] }), 0, 2)).toThrow(
      'resizeArea: height must be a positive integer, got 0',
    );
  });
  it('crops the centre', () => {
    const img = tensor(
      Array.from({ length: 20 }, (_, i) => i),
      { shape: [4, 5] },
    );
    expect(Array.from(centerCrop(img, 2, 3).data)).toEqual([6, 7, 8, 11, 12, 13]);
    expect(centerSquare(img).shape).toEqual([4, 4]);
    expect(Array.from(centerSquare(img).data.slice(0, 4))).toEqual([0, 1, 2, 3]);
    expect(() => centerCrop(img, 5, 5)).toThrow('centerCrop: 5×5 is larger than the image (4×5)');
  });
  it('coordinateGrid is SIREN’s get_mgrid: (row, column) in linspace(−1, 1), row-major', () => {
    expect(coordinateGrid(2, 3).toArray()).toEqual([
      [-1, -1],
      [-1, 0],
      [-1, 1],
      [1, -1],
      [1, 0],
      [1, 1],
    ]);
    expect(coordinateGrid(64).shape).toEqual([4096, 2]);
    expect(() => coordinateGrid(2.5)).toThrow('coordinateGrid: height must be a positive integer, got 2.5');
  });
});

describe('the default camera image', () => {
  it('ships as a 128×128 grey PNG: scikit-image’s camera, 4×4 area means', () => {
    const cam = readImageFile(new URL('../../assets/camera-128.png', import.meta.url).pathname);
    expect(cam.shape).toEqual([128, 128]);
    const source = '/usr/lib/python3/dist-packages/skimage/data/camera.png';
    let full;
    try {
      full = readImageFile(source);
    } catch {
      console.log(`skipped the comparison with ${source}: python3-skimage is not installed`);
      return;
    }
    const mean = resizeArea(full, 128, 128);
    cam.data.forEach((v, i) => expect(Math.abs(v - mean.data[i]!)).toBeLessThanOrEqual(0.5 / 255 + 1e-6));
  });
});
