/**
 * Image tensors (`[H, W]` or `[C, H, W]`, see image.ts) reshaped for fitting: grey conversion,
 * centre crop, area (box) resampling, and the coordinate grid a coordinate network reads.
 * Browser-safe; results are new float32 tensors.
 */
import { Tensor } from '../tensor/tensor.js';
import { ImageError, imageShape } from './image.js';

/** ITU-R 601 luma weights (PIL's convert('L')). */
const LUMA = [0.299, 0.587, 0.114] as const;

/** One grey `[H, W]` image: grey stays, RGB(A) → 0.299 R + 0.587 G + 0.114 B (alpha ignored). */
export function toGrey(image: Tensor): Tensor {
  const { channels, height, width } = imageShape(image, 'toGrey');
  const n = height * width;
  const src = image.data;
  const out = new Float32Array(n);
  if (channels === 1) for (let i = 0; i < n; i++) out[i] = src[i]!;
  else for (let i = 0; i < n; i++) out[i] = LUMA[0] * src[i]! + LUMA[1] * src[n + i]! + LUMA[2] * src[2 * n + i]!;
  return new Tensor(out, [height, width], 'float32');
}

function checkSize(op: string, what: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new ImageError(`${op}: ${what} must be a positive integer, got ${v}`);
}

/** The centred `height × width` window (odd margins put the extra pixel at the bottom/right). */
export function centerCrop(image: Tensor, height: number, width: number): Tensor {
  const s = imageShape(image, 'centerCrop');
  checkSize('centerCrop', 'height', height);
  checkSize('centerCrop', 'width', width);
  if (height > s.height || width > s.width)
    throw new ImageError(`centerCrop: ${height}×${width} is larger than the image (${s.height}×${s.width})`);
  const top = Math.floor((s.height - height) / 2);
  const left = Math.floor((s.width - width) / 2);
  const out = new Float32Array(s.channels * height * width);
  const src = image.data;
  for (let c = 0; c < s.channels; c++)
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++)
        out[(c * height + y) * width + x] = src[(c * s.height + top + y) * s.width + left + x]!;
  return new Tensor(out, image.ndim === 2 ? [height, width] : [s.channels, height, width], 'float32');
}

/** The largest centred square. */
export const centerSquare = (image: Tensor): Tensor => {
  const { height, width } = imageShape(image, 'centerSquare');
  return centerCrop(image, Math.min(height, width), Math.min(height, width));
};

/**
 * Weights of area resampling along one axis: output cell k covers input [k·s, (k+1)·s) with
 * s = n/m, and takes each input cell in proportion to the overlap (OpenCV's INTER_AREA). An integer factor is a plain block mean; upsampling repeats pixels.
 */
function areaWeights(n: number, m: number): { start: number; weights: number[] }[] {
  const s = n / m;
  return Array.from({ length: m }, (_, k) => {
    const lo = k * s;
    const hi = (k + 1) * s;
    const start = Math.floor(lo);
    const weights: number[] = [];
    for (let i = start; i < Math.min(n, Math.ceil(hi)); i++) weights.push((Math.min(hi, i + 1) - Math.max(lo, i)) / s);
    return { start, weights };
  });
}

/**
 * Resamples to `height × width` by area averaging (box filter): each output pixel is the mean of
 * the input area it covers, which keeps downsampling free of aliasing. Separable, in float64.
 * @example resizeArea(decodeImage(bytes), 64, 64)
 */
export function resizeArea(image: Tensor, height: number, width: number): Tensor {
  const s = imageShape(image, 'resizeArea');
  checkSize('resizeArea', 'height', height);
  checkSize('resizeArea', 'width', width);
  const wy = areaWeights(s.height, height);
  const wx = areaWeights(s.width, width);
  const src = image.data;
  const rows = new Float64Array(s.height * width);
  const out = new Float32Array(s.channels * height * width);
  for (let c = 0; c < s.channels; c++) {
    const base = c * s.height * s.width;
    for (let y = 0; y < s.height; y++) {
      for (let x = 0; x < width; x++) {
        const { start, weights } = wx[x]!;
        let acc = 0;
        for (let j = 0; j < weights.length; j++) acc += weights[j]! * src[base + y * s.width + start + j]!;
        rows[y * width + x] = acc;
      }
    }
    for (let y = 0; y < height; y++) {
      const { start, weights } = wy[y]!;
      for (let x = 0; x < width; x++) {
        let acc = 0;
        for (let j = 0; j < weights.length; j++) acc += weights[j]! * rows[(start + j) * width + x]!;
        out[(c * height + y) * width + x] = acc;
      }
    }
  }
  return new Tensor(out, image.ndim === 2 ? [height, width] : [s.channels, height, width], 'float32');
}

/**
 * Pixel-centre coordinates of an `height × width` image for a coordinate network: `[H·W, 2]`,
 * row-major like the image, each row `(r, c)` with r = linspace(−1, 1, H)[row] and
 * c = linspace(−1, 1, W)[column] — SIREN's `get_mgrid` (meshgrid with 'ij' indexing), so
 * coordinate 0 runs down the rows and coordinate 1 along a row.
 * @example coordinateGrid(2, 3).toArray() // [[-1,-1],[-1,0],[-1,1],[1,-1],[1,0],[1,1]]
 */
export function coordinateGrid(height: number, width: number = height): Tensor {
  checkSize('coordinateGrid', 'height', height);
  checkSize('coordinateGrid', 'width', width);
  const lin = (n: number, i: number): number => (n === 1 ? 0 : -1 + (2 * i) / (n - 1));
  const out = new Float32Array(height * width * 2);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      out[2 * (y * width + x)] = lin(height, y);
      out[2 * (y * width + x) + 1] = lin(width, x);
    }
  }
  return new Tensor(out, [height * width, 2], 'float32');
}
