/**
 * Reader for the IDX format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/):
 * bytes 0–1 are zero, byte 2 is the element type, byte 3 the number of dimensions, then one
 * big-endian uint32 per dimension, then the elements, big-endian. Gzipped files are inflated
 * transparently since distributions ship them as `.gz`: synchronously in Node (zlib), with the
 * engine's DecompressionStream in `readIdxAsync` (browsers too). Reading files: idx-file.ts (Node).
 */
import { platform } from '../platform/index.js';

/** Element types the IDX format defines, by their type code. */
const IDX_TYPES = {
  0x08: { dtype: 'uint8', bytes: 1 },
  0x09: { dtype: 'int8', bytes: 1 },
  0x0b: { dtype: 'int16', bytes: 2 },
  0x0c: { dtype: 'int32', bytes: 4 },
  0x0d: { dtype: 'float32', bytes: 4 },
  0x0e: { dtype: 'float64', bytes: 8 },
} as const;

export type IdxDtype = (typeof IDX_TYPES)[keyof typeof IDX_TYPES]['dtype'];

/** A parsed IDX array; `data` is row-major, in host order, typed after `dtype`. */
export interface IdxArray {
  dtype: IdxDtype;
  shape: number[];
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

/**
 * Parses an IDX file's bytes (gzipped or not), checking the header against the file size.
 *
 * @param bytes the file contents.
 * @param source the file name, quoted in every error so a corrupt file is easy to find.
 * @throws Error naming `source` and the problem: bad magic bytes, unknown type code, truncated
 *   header, or a data size that does not match the declared dimensions.
 * @example const images = readIdx(readFileSync('train-images-idx3-ubyte'), 'train-images-idx3-ubyte');
 */
export function readIdx(bytes: Uint8Array, source = '<buffer>'): IdxArray {
  if (isGzip(bytes)) {
    const gunzip = platform().gunzipSync;
    if (gunzip === null) {
      throw new Error(`${source}: gzip data needs \`await readIdxAsync(bytes)\` here (no synchronous gunzip)`);
    }
    try {
      bytes = gunzip(bytes);
    } catch (err) {
      throw new Error(`${source}: gzip data is corrupt (${(err as Error).message})`, { cause: err });
    }
  }
  // A declaration (not an arrow) so TypeScript narrows after calls that return `never`.
  function fail(what: string): never {
    throw new Error(`${source}: invalid IDX file: ${what}`);
  }
  if (bytes.length < 4) fail(`${bytes.length} bytes is shorter than the 4-byte magic number`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    fail(`magic number must start with two zero bytes, got 0x${hex(bytes[0]!)} 0x${hex(bytes[1]!)}`);
  }
  const code = bytes[2]!;
  const type = IDX_TYPES[code as keyof typeof IDX_TYPES];
  if (type === undefined) {
    fail(
      `unknown data type code 0x${hex(code)} (expected 0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64)`,
    );
  }
  const ndim = bytes[3]!;
  if (ndim === 0) fail('header declares 0 dimensions');
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes) {
    fail(
      `header declares ${ndim} dimensions (${headerBytes} header bytes) but the file has only ${bytes.length} bytes`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape = Array.from({ length: ndim }, (_, d) => view.getUint32(4 + 4 * d, false));
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = count * type.bytes;
  const actual = bytes.length - headerBytes;
  if (actual !== expected) {
    fail(
      `dimensions [${shape.join(', ')}] of ${type.dtype} need ${expected} data bytes but the file has ${actual}` +
        (actual < expected ? ' (truncated?)' : ' (trailing bytes)'),
    );
  }
  return { dtype: type.dtype, shape, data: readElements(view, headerBytes, count, type.dtype) };
}

/**
 * Parses IDX bytes like {@link readIdx}, inflating gzip with the engine's `DecompressionStream`
 * (browsers, Node ≥ 18), so it works where there is no synchronous gunzip.
 *
 * @example const images = await readIdxAsync(new Uint8Array(await (await fetch(url)).arrayBuffer()));
 */
export async function readIdxAsync(bytes: Uint8Array | ArrayBuffer, source = '<buffer>'): Promise<IdxArray> {
  let data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (isGzip(data)) {
    try {
      const inflated = new Blob([new Uint8Array(data)]).stream().pipeThrough(new DecompressionStream('gzip'));
      data = new Uint8Array(await new Response(inflated).arrayBuffer());
    } catch (err) {
      throw new Error(`${source}: gzip data is corrupt (${(err as Error).message})`, { cause: err });
    }
  }
  return readIdx(data, source);
}

/** Gzip magic 1f 8b; an IDX file always starts with 00 00, so the two cannot be confused. */
function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function readElements(view: DataView, offset: number, count: number, dtype: IdxDtype): IdxArray['data'] {
  switch (dtype) {
    case 'uint8':
      return new Uint8Array(view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + count));
    case 'int8':
      return new Int8Array(view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + count));
    // Multi-byte elements are big-endian, so they go through DataView rather than a typed view.
    case 'int16':
      return Int16Array.from({ length: count }, (_, i) => view.getInt16(offset + 2 * i, false));
    case 'int32':
      return Int32Array.from({ length: count }, (_, i) => view.getInt32(offset + 4 * i, false));
    case 'float32':
      return Float32Array.from({ length: count }, (_, i) => view.getFloat32(offset + 4 * i, false));
    case 'float64':
      return Float64Array.from({ length: count }, (_, i) => view.getFloat64(offset + 8 * i, false));
  }
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}
