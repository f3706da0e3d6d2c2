/**
 * Little-endian byte views of typed arrays. Binary formats (safetensors) are little-endian;
 * nearly every host is too, but Node also runs on big-endian s390x, where bytes must be swapped.
 */

/** True when the host stores multi-byte numbers little-endian. */
export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Reverses each `width`-byte group of `bytes` in place. */
export function swapBytes(bytes: Uint8Array, width: number): Uint8Array {
  if (width === 1) return bytes;
  for (let i = 0; i < bytes.length; i += width) {
    for (let lo = i, hi = i + width - 1; lo < hi; lo++, hi--) {
      const t = bytes[lo]!;
      bytes[lo] = bytes[hi]!;
      bytes[hi] = t;
    }
  }
  return bytes;
}

/** The array's elements as little-endian bytes (a view on little-endian hosts, a copy otherwise). */
export function littleEndianBytes(array: ArrayBufferView, width: number): Uint8Array {
  const view = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  return HOST_IS_LITTLE_ENDIAN ? view : swapBytes(view.slice(), width);
}

/** A fresh, aligned copy of little-endian `bytes`, in host order, ready for a typed-array view. */
export function hostOrderCopy(bytes: Uint8Array, width: number): ArrayBuffer {
  const copy = bytes.slice();
  if (!HOST_IS_LITTLE_ENDIAN) swapBytes(copy, width);
  return copy.buffer;
}
