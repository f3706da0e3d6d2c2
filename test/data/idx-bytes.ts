/** Test helper: hand-built IDX files. */

/** Builds IDX bytes: magic 00 00 <code> <ndim>, big-endian u32 dims, then `body`. */
export function idxBytes(code: number, dims: number[], body: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + body.length);
  const view = new DataView(out.buffer);
  out.set([0, 0, code, dims.length]);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(body, 4 + 4 * dims.length);
  return out;
}
