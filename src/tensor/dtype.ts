/** Element types. float32 is the default, as in PyTorch; int32 holds class labels and indices. */
export type DType = 'float32' | 'float64' | 'int32';
export type FloatDType = 'float32' | 'float64';

export type FloatArray = Float32Array | Float64Array;
export type Storage = Float32Array | Float64Array | Int32Array;

export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32'];

export function isFloat(dtype: DType): dtype is FloatDType {
  return dtype !== 'int32';
}

export function checkDType(dtype: unknown, op: string): DType {
  if (dtype === 'float32' || dtype === 'float64' || dtype === 'int32') return dtype;
  throw new TypeError(`${op}: unknown dtype ${JSON.stringify(dtype)} (expected 'float32', 'float64' or 'int32')`);
}

/** The dtype of `value.data` for a given tensor dtype. */
export function arrayDType(data: Storage): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  return 'int32';
}

/** Result dtype of a binary op, as torch promotes: float64 > float32 > int32. */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === 'float64' || b === 'float64') return 'float64';
  if (a === 'float32' || b === 'float32') return 'float32';
  return 'int32';
}

/** Plain JS allocation; backends that keep memory elsewhere (WASM) provide their own. */
export function allocArray(dtype: DType, size: number): Storage {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size);
    case 'float64':
      return new Float64Array(size);
    case 'int32':
      return new Int32Array(size);
  }
}
