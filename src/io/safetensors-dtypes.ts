/**
 * The safetensors element types: the spec's full list in the reference library's order (which is
 * also its layout rank: the writer sorts tensors by descending rank, then name), and the subset
 * actlab reads and writes with its JS array type.
 */

/** Every dtype of the reference `safetensors` crate, in its enum order (increasing alignment). */
export const SAFETENSORS_SPEC_DTYPES = [
  'BOOL',
  'F4',
  'F6_E2M3',
  'F6_E3M2',
  'U8',
  'I8',
  'F8_E5M2',
  'F8_E4M3',
  'F8_E8M0',
  'F8_E4M3FNUZ',
  'F8_E5M2FNUZ',
  'I16',
  'U16',
  'F16',
  'BF16',
  'I32',
  'U32',
  'F32',
  'C64',
  'F64',
  'I64',
  'U64',
] as const;

/**
 * The JS array each supported dtype decodes to. F16 and BF16 widen to Float32Array (exact: both
 * are subsets of float32); I64/U64 decode to BigInt64Array/BigUint64Array so no integer above
 * 2^53 is silently rounded; BOOL is a Uint8Array of 0/1.
 */
export interface SafetensorsArrayTypes {
  BOOL: Uint8Array;
  U8: Uint8Array;
  I8: Int8Array;
  I16: Int16Array;
  U16: Uint16Array;
  F16: Float32Array;
  BF16: Float32Array;
  I32: Int32Array;
  U32: Uint32Array;
  F32: Float32Array;
  F64: Float64Array;
  I64: BigInt64Array;
  U64: BigUint64Array;
}

/** The dtypes actlab can encode and decode. */
export type SafetensorsDtype = keyof SafetensorsArrayTypes;

/** A typed array seen through its common surface: element access and its bytes. */
export type StoredArray = ArrayBufferView & { length: number; [index: number]: number | bigint };

type Ctor<T> = { new (buffer: ArrayBuffer): T; new (length: number): T; BYTES_PER_ELEMENT: number };

/**
 * How a dtype is stored: its byte width, the typed array over its raw little-endian bytes, and
 * its value kind (`half` = 16-bit float stored as raw bits in a Uint16Array).
 */
export interface DtypeInfo {
  bytes: number;
  storage: Ctor<StoredArray>;
  kind: 'float' | 'int' | 'bigint' | 'half' | 'bool';
  /** Inclusive integer range for `int` kinds. */
  min?: number;
  max?: number;
}

export const DTYPE_INFO: { readonly [D in SafetensorsDtype]: DtypeInfo } = {
  BOOL: { bytes: 1, storage: Uint8Array, kind: 'bool' },
  U8: { bytes: 1, storage: Uint8Array, kind: 'int', min: 0, max: 255 },
  I8: { bytes: 1, storage: Int8Array, kind: 'int', min: -128, max: 127 },
  I16: { bytes: 2, storage: Int16Array, kind: 'int', min: -32768, max: 32767 },
  U16: { bytes: 2, storage: Uint16Array, kind: 'int', min: 0, max: 65535 },
  F16: { bytes: 2, storage: Uint16Array, kind: 'half' },
  BF16: { bytes: 2, storage: Uint16Array, kind: 'half' },
  I32: { bytes: 4, storage: Int32Array, kind: 'int', min: -2147483648, max: 2147483647 },
  U32: { bytes: 4, storage: Uint32Array, kind: 'int', min: 0, max: 4294967295 },
  F32: { bytes: 4, storage: Float32Array, kind: 'float' },
  F64: { bytes: 8, storage: Float64Array, kind: 'float' },
  I64: { bytes: 8, storage: BigInt64Array, kind: 'bigint' },
  U64: { bytes: 8, storage: BigUint64Array, kind: 'bigint' },
};

/** Whether `name` is a dtype actlab supports. */
export function isSupportedDtype(name: string): name is SafetensorsDtype {
  return Object.hasOwn(DTYPE_INFO, name);
}

/** Whether `name` is in the safetensors spec at all (supported or not). */
export function isSpecDtype(name: string): boolean {
  return (SAFETENSORS_SPEC_DTYPES as readonly string[]).includes(name);
}

/** Position of a dtype in the reference enum; the writer sorts by this, descending. */
export function dtypeRank(dtype: SafetensorsDtype): number {
  return SAFETENSORS_SPEC_DTYPES.indexOf(dtype);
}
