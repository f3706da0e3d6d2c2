/**
 * The safetensors format (https://github.com/huggingface/safetensors), byte-compatible with the
 * reference writer that `safetensors.torch.save_file` uses:
 *
 *   [8-byte little-endian u64 N][N-byte UTF-8 JSON header, space-padded to a multiple of 8][data]
 *
 * The header maps each tensor name to `{dtype, shape, data_offsets: [begin, end]}`, offsets
 * relative to the data section, plus an optional `"__metadata__"` string→string map. Tensors are
 * laid out by descending dtype rank (≈ alignment), then by name, back to back; data is
 * little-endian and row-major. Works on typed arrays only (no Tensor), and in browsers.
 */
import { hostOrderCopy, littleEndianBytes } from './byte-order.js';
import { BFLOAT16, FLOAT16, decodeMiniFloat, encodeMiniFloat } from './minifloat.js';
import {
  DTYPE_INFO,
  SAFETENSORS_SPEC_DTYPES,
  dtypeRank,
  isSpecDtype,
  isSupportedDtype,
  type SafetensorsArrayTypes,
  type SafetensorsDtype,
} from './safetensors-dtypes.js';

export type { SafetensorsArrayTypes, SafetensorsDtype } from './safetensors-dtypes.js';

/** Any JS numeric array accepted as tensor data. */
export type NumericArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

/**
 * A tensor to write. `data` holds values (not raw bits) and is converted to `dtype`: floats are
 * rounded to nearest-even (F16/BF16/F32), integers must be exact and in range.
 */
export interface SafetensorsEntry {
  dtype: SafetensorsDtype;
  shape: readonly number[];
  data: NumericArray | readonly number[] | readonly bigint[];
}

/** A decoded tensor; narrowing on `dtype` gives the array type (see {@link SafetensorsArrayTypes}). */
export type SafetensorsTensor = {
  [D in SafetensorsDtype]: { dtype: D; shape: number[]; data: SafetensorsArrayTypes[D] };
}[SafetensorsDtype];

export interface DecodedSafetensors {
  /** Tensors by name (a prototype-free object, so any name is safe as a key). */
  tensors: Record<string, SafetensorsTensor>;
  /** The `__metadata__` map; empty when the file has none. */
  metadata: Record<string, string>;
}

/** A malformed safetensors file or an entry that cannot be written; the message says which part. */
export class SafetensorsError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SafetensorsError';
  }
}

const METADATA_KEY = '__metadata__';
/** The reference reader refuses larger headers; so do we, so files stay interchangeable. */
const MAX_HEADER_BYTES = 100_000_000;

/**
 * Serializes tensors (and optional string metadata) to safetensors bytes, laid out exactly as the
 * reference writer does, so a file written here is byte-identical to PyTorch's for the same input.
 *
 * @param entries tensors by name; `'__metadata__'` is reserved.
 * @param metadata optional string→string map (omitted from the header when undefined).
 * @throws SafetensorsError for a bad shape, a data length that does not match it, a value the
 *   dtype cannot hold, or a non-string metadata value.
 * @example
 * const bytes = encodeSafetensors({ w: { dtype: 'F32', shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) } },
 *                                 { format: 'pt' });
 */
export function encodeSafetensors(
  entries: Record<string, SafetensorsEntry>,
  metadata?: Record<string, string>,
): Uint8Array {
  const prepared = Object.entries(entries).map(([name, entry]) => {
    if (name === METADATA_KEY) throw new SafetensorsError(`tensor name '${METADATA_KEY}' is reserved for metadata`);
    return { name, entry, bytes: entryBytes(name, entry) };
  });
  prepared.sort((a, b) => dtypeRank(b.entry.dtype) - dtypeRank(a.entry.dtype) || compareCodePoints(a.name, b.name));

  // The header is assembled by hand: JSON.stringify of an object would move integer-like names
  // ("0", "1") to the front and break the offset order the reference writer produces.
  const fields: string[] = [];
  if (metadata !== undefined) {
    const pairs = Object.entries(metadata).map(([key, value]) => {
      if (typeof value !== 'string') {
        throw new SafetensorsError(`metadata value for '${key}' must be a string, got ${typeof value}`);
      }
      return `${JSON.stringify(key)}:${JSON.stringify(value)}`;
    });
    fields.push(`${JSON.stringify(METADATA_KEY)}:{${pairs.join(',')}}`);
  }
  let offset = 0;
  for (const { name, entry, bytes } of prepared) {
    const info = { dtype: entry.dtype, shape: [...entry.shape], data_offsets: [offset, offset + bytes.length] };
    fields.push(`${JSON.stringify(name)}:${JSON.stringify(info)}`);
    offset += bytes.length;
  }
  const json = new TextEncoder().encode(`{${fields.join(',')}}`);
  // Pad with spaces so the data section starts 8-byte aligned (valid JSON whitespace).
  const headerLength = Math.ceil(json.length / 8) * 8;

  const out = new Uint8Array(8 + headerLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let at = 8 + headerLength;
  for (const { bytes } of prepared) {
    out.set(bytes, at);
    at += bytes.length;
  }
  return out;
}

/**
 * Parses safetensors bytes, validating the header as strictly as the reference reader.
 * F16/BF16 decode to Float32Array (exact), I64/U64 to BigInt64Array/BigUint64Array (exact).
 *
 * @param bytes the whole file.
 * @param source a file name for error messages.
 * @throws SafetensorsError naming the problem: truncated file, header length beyond the file,
 *   invalid UTF-8 or JSON, unknown/unsupported dtype, bad shape, offsets out of range, overlapping
 *   or leaving gaps, or a byte size that does not match shape × dtype.
 */
export function decodeSafetensors(bytes: Uint8Array, source = 'safetensors'): DecodedSafetensors {
  const fail: Fail = (what, cause) =>
    new SafetensorsError(`${source}: ${what}`, cause === undefined ? undefined : { cause });
  // A plain view: Node Buffers' slice() shares memory, which would alias the decoded arrays.
  bytes = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 8) {
    throw fail(`file is ${bytes.length} bytes, shorter than the 8-byte header length (truncated file?)`);
  }
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (headerLength > BigInt(bytes.length - 8)) {
    throw fail(
      `header length ${headerLength} exceeds the ${bytes.length - 8} bytes after the length prefix (truncated file, or not safetensors?)`,
    );
  }
  if (headerLength > BigInt(MAX_HEADER_BYTES)) {
    throw fail(`header length ${headerLength} exceeds the ${MAX_HEADER_BYTES}-byte limit of the reference reader`);
  }
  const dataStart = 8 + Number(headerLength);
  const header = parseHeader(bytes.subarray(8, dataStart), fail);
  const dataLength = bytes.length - dataStart;

  const metadata = parseMetadata(header[METADATA_KEY], fail);
  const infos = Object.entries(header)
    .filter(([name]) => name !== METADATA_KEY)
    .map(([name, raw]) => parseTensorInfo(name, raw, dataLength, fail));

  // Offsets must tile the data section: sorted by start, each tensor begins where the last ended.
  const sorted = [...infos].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous = '';
  for (const info of sorted) {
    if (info.begin < covered) {
      throw fail(
        `tensor '${info.name}' data_offsets [${info.begin}, ${info.end}] overlap tensor '${previous}' (which ends at ${covered})`,
      );
    }
    if (info.begin > covered) {
      throw fail(
        `bytes [${covered}, ${info.begin}) of the data section belong to no tensor (gap before '${info.name}')`,
      );
    }
    covered = info.end;
    previous = info.name;
  }
  if (covered !== dataLength) {
    throw fail(`data section is ${dataLength} bytes but the tensors cover only ${covered} (trailing bytes)`);
  }

  const tensors = Object.create(null) as Record<string, SafetensorsTensor>;
  for (const info of infos) {
    const raw = bytes.subarray(dataStart + info.begin, dataStart + info.end);
    tensors[info.name] = {
      dtype: info.dtype,
      shape: info.shape,
      data: decodeData(info.dtype, raw),
    } as SafetensorsTensor;
  }
  return { tensors, metadata };
}

interface TensorInfo {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  begin: number;
  end: number;
}

type Fail = (what: string, cause?: unknown) => SafetensorsError;

function parseHeader(headerBytes: Uint8Array, fail: Fail): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
  } catch {
    throw fail('header is not valid UTF-8');
  }
  if (!text.startsWith('{'))
    throw fail(`header must start with '{', got ${JSON.stringify(text.slice(0, 16))} (not safetensors?)`);
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (err) {
    throw fail(`header is not valid JSON: ${(err as Error).message}`, err);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw fail('header must be a JSON object');
  }
  return header as Record<string, unknown>;
}

function parseMetadata(raw: unknown, fail: Fail): Record<string, string> {
  const metadata: Record<string, string> = {};
  if (raw === undefined) return metadata;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw fail(`'${METADATA_KEY}' must be an object of strings`);
  }
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string')
      throw fail(`'${METADATA_KEY}' value for '${key}' must be a string, got ${JSON.stringify(value)}`);
    metadata[key] = value;
  }
  return metadata;
}

function parseTensorInfo(name: string, raw: unknown, dataLength: number, fail: Fail): TensorInfo {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw fail(`tensor '${name}' must be an object with dtype, shape and data_offsets`);
  }
  const { dtype, shape, data_offsets: offsets } = raw as Record<string, unknown>;
  if (typeof dtype !== 'string') throw fail(`tensor '${name}' has no string dtype`);
  if (!isSupportedDtype(dtype)) {
    throw fail(
      isSpecDtype(dtype)
        ? `tensor '${name}' has dtype ${dtype}, which actlab does not support (supported: ${Object.keys(DTYPE_INFO).join(', ')})`
        : `tensor '${name}' has unknown dtype '${dtype}' (the spec defines ${SAFETENSORS_SPEC_DTYPES.join(', ')})`,
    );
  }
  if (!Array.isArray(shape) || !shape.every(isIndex)) {
    throw fail(`tensor '${name}' shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isIndex) || offsets[1]! < offsets[0]!) {
    throw fail(
      `tensor '${name}' data_offsets must be [begin, end] with 0 ≤ begin ≤ end, got ${JSON.stringify(offsets)}`,
    );
  }
  const [begin, end] = offsets as [number, number];
  if (end > dataLength) {
    throw fail(
      `tensor '${name}' data_offsets [${begin}, ${end}] extend beyond the ${dataLength}-byte data section (truncated file?)`,
    );
  }
  const expected = elementCount(shape as number[]) * DTYPE_INFO[dtype].bytes;
  if (end - begin !== expected) {
    throw fail(
      `tensor '${name}': shape [${shape.join(', ')}] of ${dtype} needs ${expected} bytes but data_offsets [${begin}, ${end}] span ${end - begin}`,
    );
  }
  return { name, dtype, shape: shape as number[], begin, end };
}

function decodeData(dtype: SafetensorsDtype, raw: Uint8Array): SafetensorsTensor['data'] {
  const info = DTYPE_INFO[dtype];
  const stored = new info.storage(hostOrderCopy(raw, info.bytes));
  if (dtype === 'BF16') {
    // bfloat16 is the top half of a float32: shifting the bits up is exact, NaN payloads included.
    const out = new Float32Array(stored.length);
    const outBits = new Uint32Array(out.buffer);
    for (let i = 0; i < stored.length; i++) outBits[i] = (stored[i] as number) << 16;
    return out;
  }
  if (dtype === 'F16') return Float32Array.from(stored as Uint16Array, (bits) => decodeMiniFloat(bits, FLOAT16));
  return stored as SafetensorsTensor['data'];
}

/** Little-endian bytes of an entry's data converted to its dtype, with every check on the way. */
function entryBytes(name: string, entry: SafetensorsEntry): Uint8Array {
  const { dtype, shape, data } = entry;
  const fail = (what: string): SafetensorsError => new SafetensorsError(`tensor '${name}': ${what}`);
  if (!isSupportedDtype(dtype)) {
    throw fail(`unsupported dtype '${String(dtype)}' (supported: ${Object.keys(DTYPE_INFO).join(', ')})`);
  }
  if (!Array.isArray(shape) || !shape.every(isIndex)) {
    throw fail(`shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  const count = elementCount(shape);
  if (data.length !== count)
    throw fail(`shape [${shape.join(', ')}] has ${count} elements but data has ${data.length}`);
  const info = DTYPE_INFO[dtype];
  // Fast path: already the stored type, so every value is representable as is.
  if ((info.kind === 'float' || info.kind === 'int' || info.kind === 'bigint') && data instanceof info.storage) {
    return littleEndianBytes(data, info.bytes);
  }
  const out = new info.storage(count);
  for (let i = 0; i < count; i++) out[i] = convertValue(data[i]!, dtype, (what) => fail(`${what} at index ${i}`));
  return littleEndianBytes(out, info.bytes);
}

function convertValue(value: number | bigint, dtype: SafetensorsDtype, fail: Fail): number | bigint {
  const info = DTYPE_INFO[dtype];
  switch (info.kind) {
    case 'float':
      return Number(value);
    case 'half':
      return encodeMiniFloat(Number(value), dtype === 'BF16' ? BFLOAT16 : FLOAT16);
    case 'bool':
      if (Number(value) !== 0 && Number(value) !== 1) throw fail(`BOOL value must be 0 or 1, got ${value}`);
      return Number(value);
    case 'int': {
      const n = Number(value);
      if (!Number.isInteger(n) || n < info.min! || n > info.max!) {
        throw fail(`value ${value} is not an integer in [${info.min}, ${info.max}] as ${dtype} requires`);
      }
      return n;
    }
    case 'bigint': {
      if (typeof value === 'number' && !Number.isInteger(value))
        throw fail(`value ${value} is not an integer as ${dtype} requires`);
      const b = BigInt(value);
      const fits = dtype === 'I64' ? BigInt.asIntN(64, b) === b : BigInt.asUintN(64, b) === b;
      if (!fits) throw fail(`value ${value} is out of range for ${dtype}`);
      return b;
    }
  }
}

function isIndex(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function elementCount(shape: readonly number[]): number {
  const count = shape.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(count)) throw new SafetensorsError(`shape [${shape.join(', ')}] has too many elements`);
  return count;
}

/**
 * Orders strings by Unicode code point, which is the byte order of their UTF-8 form that the
 * reference writer sorts by. Plain `<` compares UTF-16 units and misorders U+E000–U+FFFF against
 * astral characters.
 */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) {
      const fix = (c: number): number => (c >= 0xe000 ? c - 0x800 : c >= 0xd800 ? c + 0x2000 : c);
      return fix(ca) - fix(cb);
    }
  }
  return a.length - b.length;
}
