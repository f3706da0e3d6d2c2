import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  SafetensorsError,
  decodeSafetensors,
  encodeSafetensors,
  type SafetensorsEntry,
  type SafetensorsTensor,
} from '../../src/io/safetensors.js';
import { readSafetensorsFile, writeSafetensorsFile } from '../../src/io/node/safetensors-file.js';

/** Header text of encoded bytes (without the padding). */
function headerOf(bytes: Uint8Array): string {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return new TextDecoder().decode(bytes.subarray(8, 8 + n)).trimEnd();
}

/** A file from raw header text and data bytes, length prefix included, header space-padded. */
function fileFrom(header: string, data: Uint8Array = new Uint8Array(0), padTo = 8): Uint8Array {
  const json = new TextEncoder().encode(header);
  const length = Math.ceil(json.length / padTo) * padTo;
  const out = new Uint8Array(8 + length + data.length).fill(0x20, 8, 8 + length);
  new DataView(out.buffer).setBigUint64(0, BigInt(length), true);
  out.set(json, 8);
  out.set(data, 8 + length);
  return out;
}

/** Decoded numbers as a plain array (the data union includes bigint arrays). */
const nums = (t: SafetensorsTensor | undefined): number[] => Array.from(t!.data as ArrayLike<number>);

const f32 = (...values: number[]) => new Uint8Array(new Float32Array(values).buffer);

describe('byte compatibility with the reference writer', () => {
  // Expected bytes copied from the tests of huggingface/safetensors (safetensors/src/tensor.rs).
  it('serializes one F32 tensor exactly', () => {
    const out = encodeSafetensors({
      'attn.0': { dtype: 'F32', shape: [1, 2, 3], data: new Float32Array([0, 1, 2, 3, 4, 5]) },
    });
    expect(Array.from(out)).toEqual([
      64, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 46, 48, 34, 58, 123, 34, 100, 116, 121, 112, 101, 34, 58, 34,
      70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101, 34, 58, 91, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95,
      111, 102, 102, 115, 101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 0, 0, 0, 0, 0, 0, 128, 63, 0, 0, 0,
      64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64,
    ]);
  });

  it('pads the header with spaces to 8-byte alignment', () => {
    const out = encodeSafetensors({ attn0: { dtype: 'F32', shape: [1, 1, 2, 3], data: [0, 1, 2, 3, 4, 5] } });
    expect(Array.from(out.subarray(0, 8))).toEqual([72, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(out.subarray(73, 80))).toEqual([32, 32, 32, 32, 32, 32, 32]);
    expect(out.length).toBe(80 + 24);
  });

  it('serializes empty files, with and without metadata', () => {
    expect(Array.from(encodeSafetensors({}))).toEqual([8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32]);
    const withMeta = encodeSafetensors({}, { framework: 'pt' });
    expect(withMeta[0]).toBe(40);
    expect(headerOf(withMeta)).toBe('{"__metadata__":{"framework":"pt"}}');
  });

  it('orders tensors by descending dtype rank, then by name (code points)', () => {
    const one = (dtype: SafetensorsEntry['dtype']): SafetensorsEntry => ({ dtype, shape: [1], data: [1] });
    const out = encodeSafetensors({
      b: one('F32'),
      a: one('F32'),
      d: one('U8'),
      '9': one('F32'),
      c: one('I64'),
      '10': one('F32'),
      e: one('BF16'),
    });
    const names = [...headerOf(out).matchAll(/"([^"]+)":\{"dtype"/g)].map((m) => m[1]);
    expect(names).toEqual(['c', '10', '9', 'a', 'b', 'e', 'd']);
    expect(headerOf(out)).toContain(
      '"c":{"dtype":"I64","shape":[1],"data_offsets":[0,8]},"10":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}',
    );
  });
});

describe('round trip', () => {
  it('keeps every supported dtype', () => {
    const entries: Record<string, SafetensorsEntry> = {
      f32: { dtype: 'F32', shape: [2, 3], data: new Float32Array([1.5, -2, NaN, Infinity, -0, 3.4e38]) },
      f64: { dtype: 'F64', shape: [3], data: new Float64Array([Math.PI, -1e300, 5e-324]) },
      f16: { dtype: 'F16', shape: [4], data: [0.1, 65504, -1e-7, Infinity] },
      bf16: { dtype: 'BF16', shape: [3], data: new Float32Array([0.1, -3.0e38, 1]) },
      i8: { dtype: 'I8', shape: [2], data: new Int8Array([-128, 127]) },
      u8: { dtype: 'U8', shape: [2], data: [0, 255] },
      i16: { dtype: 'I16', shape: [2], data: [-32768, 32767] },
      u16: { dtype: 'U16', shape: [1], data: [65535] },
      i32: { dtype: 'I32', shape: [2], data: new Int32Array([-2147483648, 7]) },
      u32: { dtype: 'U32', shape: [1], data: [4294967295] },
      i64: { dtype: 'I64', shape: [3], data: new BigInt64Array([-(2n ** 63n), 2n ** 53n + 1n, 3n]) },
      i64FromNumbers: { dtype: 'I64', shape: [2], data: new Int32Array([-5, 6]) },
      u64: { dtype: 'U64', shape: [1], data: [2n ** 64n - 1n] },
      bool: { dtype: 'BOOL', shape: [3], data: [1, 0, 1] },
      scalar: { dtype: 'F32', shape: [], data: [42] },
      empty: { dtype: 'F32', shape: [0, 3], data: [] },
    };
    const { tensors, metadata } = decodeSafetensors(encodeSafetensors(entries, { format: 'pt', note: 'ü ☃' }));
    expect(metadata).toEqual({ format: 'pt', note: 'ü ☃' });
    expect(Object.keys(tensors).sort()).toEqual(Object.keys(entries).sort());
    expect(nums(tensors.f32)).toEqual([1.5, -2, NaN, Infinity, -0, Math.fround(3.4e38)]);
    expect(tensors.f32!.shape).toEqual([2, 3]);
    expect(tensors.f64!.data).toEqual(new Float64Array([Math.PI, -1e300, 5e-324]));
    expect(tensors.f16!.data).toEqual(new Float32Array([0.0999755859375, 65504, -1.1920928955078125e-7, Infinity]));
    expect(tensors.bf16!.data).toEqual(new Float32Array([0.10009765625, -3.00405527047391e38, 1]));
    expect(tensors.i8!.data).toEqual(new Int8Array([-128, 127]));
    expect(tensors.u8!.data).toEqual(new Uint8Array([0, 255]));
    expect(tensors.i16!.data).toEqual(new Int16Array([-32768, 32767]));
    expect(tensors.u16!.data).toEqual(new Uint16Array([65535]));
    expect(tensors.i32!.data).toEqual(new Int32Array([-2147483648, 7]));
    expect(tensors.u32!.data).toEqual(new Uint32Array([4294967295]));
    expect(tensors.i64!.data).toEqual(new BigInt64Array([-(2n ** 63n), 2n ** 53n + 1n, 3n]));
    expect(tensors.i64FromNumbers!.data).toEqual(new BigInt64Array([-5n, 6n]));
    expect(tensors.u64!.data).toEqual(new BigUint64Array([2n ** 64n - 1n]));
    expect(tensors.bool!.data).toEqual(new Uint8Array([1, 0, 1]));
    expect([tensors.scalar!.shape, nums(tensors.scalar)]).toEqual([[], [42]]);
    expect([tensors.empty!.shape, tensors.empty!.data.length]).toEqual([[0, 3], 0]);
  });

  it('decodes from a Node Buffer into independent arrays, and through files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'actlab-st-'));
    const path = join(dir, 'w.safetensors');
    writeSafetensorsFile(
      path,
      { w: { dtype: 'F32', shape: [2], data: [1, 2] }, b: { dtype: 'F64', shape: [1], data: [3] } },
      { k: 'v' },
    );
    const buffer = readFileSync(path);
    const decoded = decodeSafetensors(buffer);
    decoded.tensors.w!.data[0] = 99;
    expect(nums(decodeSafetensors(buffer).tensors.w)).toEqual([1, 2]);
    const fromFile = readSafetensorsFile(path);
    expect(nums(fromFile.tensors.b)).toEqual([3]);
    expect(fromFile.metadata).toEqual({ k: 'v' });
    expect(() => readSafetensorsFile(join(dir, 'missing.safetensors'))).toThrow(/ENOENT/);
  });

  it('round-trips tensor names that need escaping or look like numbers', () => {
    const names = ['0', 'layer."x"', 'back\\slash', 'ünï', '__proto__'];
    const entries = Object.fromEntries(
      names.map((n, i) => [n, { dtype: 'F32', shape: [1], data: [i] } as SafetensorsEntry]),
    );
    const { tensors } = decodeSafetensors(encodeSafetensors(entries));
    for (const [i, n] of names.entries()) expect(nums(tensors[n])).toEqual([i]);
  });
});

describe('encode errors', () => {
  const bad = (entry: Partial<SafetensorsEntry>) => () =>
    encodeSafetensors({ t: { dtype: 'F32', shape: [2], data: [1, 2], ...entry } as SafetensorsEntry });
  it('say what is wrong', () => {
    expect(bad({ shape: [3] })).toThrow("tensor 't': shape [3] has 3 elements but data has 2");
    expect(bad({ shape: [-2] })).toThrow(/shape must be an array of non-negative integers/);
    expect(bad({ dtype: 'I32', data: [1.5, 2] })).toThrow(
      "tensor 't': value 1.5 is not an integer in [-2147483648, 2147483647] as I32 requires at index 0",
    );
    expect(bad({ dtype: 'U8', data: [1, 256] })).toThrow(/value 256 .* U8 .* at index 1/);
    expect(bad({ dtype: 'BOOL', data: [1, 2] })).toThrow(/BOOL value must be 0 or 1, got 2/);
    expect(bad({ dtype: 'I64', data: [2n ** 63n, 0n] })).toThrow(/out of range for I64/);
    expect(bad({ dtype: 'F8_E4M3' as 'F32' })).toThrow(/unsupported dtype 'F8_E4M3'/);
    expect(() => encodeSafetensors({ __metadata__: { dtype: 'F32', shape: [], data: [1] } })).toThrow(/reserved/);
    expect(() => encodeSafetensors({}, { n: 1 as unknown as string })).toThrow(
      /metadata value for 'n' must be a string/,
    );
  });
});

describe('decode errors', () => {
  const header = (tensors: string) => `{${tensors}}`;
  const ok = fileFrom(header('"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}'), f32(1, 2));
  const expectError = (bytes: Uint8Array, message: RegExp | string) => {
    expect(() => decodeSafetensors(bytes, 'x.safetensors')).toThrow(SafetensorsError);
    expect(() => decodeSafetensors(bytes, 'x.safetensors')).toThrow(message);
  };

  it('accepts the well-formed file', () => {
    expect(nums(decodeSafetensors(ok).tensors.a)).toEqual([1, 2]);
  });

  it('truncated file', () => {
    expectError(
      ok.subarray(0, 5),
      'x.safetensors: file is 5 bytes, shorter than the 8-byte header length (truncated file?)',
    );
    expectError(
      ok.subarray(0, ok.length - 4),
      /tensor 'a' data_offsets \[0, 8\] extend beyond the 4-byte data section \(truncated file\?\)/,
    );
  });

  it('header length beyond the file', () => {
    expectError(ok.subarray(0, 20), /header length 56 exceeds the 12 bytes after the length prefix/);
  });

  it('invalid header text', () => {
    expectError(fileFrom('{"a":1,'), /header is not valid JSON/);
    expectError(fileFrom('[1, 2]'), /header must start with '\{'/);
    expectError(fileFrom('{"a": 1}'), /tensor 'a' must be an object with dtype, shape and data_offsets/);
    const badUtf8 = fileFrom('{"a":"xx"}');
    badUtf8[14] = 0xff;
    expectError(badUtf8, /header is not valid UTF-8/);
    expectError(fileFrom('{"__metadata__":{"n":1}}'), /'__metadata__' value for 'n' must be a string, got 1/);
  });

  it('unknown or unsupported dtype', () => {
    expectError(
      fileFrom(header('"a":{"dtype":"F128","shape":[1],"data_offsets":[0,16]}'), new Uint8Array(16)),
      /tensor 'a' has unknown dtype 'F128' \(the spec defines BOOL, F4/,
    );
    expectError(
      fileFrom(header('"a":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}'), new Uint8Array(1)),
      /dtype F8_E4M3, which actlab does not support/,
    );
  });

  it('shape × dtype size mismatch', () => {
    expectError(
      fileFrom(header('"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}'), f32(1, 2)),
      "tensor 'a': shape [3] of F32 needs 12 bytes but data_offsets [0, 8] span 8",
    );
    expectError(
      fileFrom(header('"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,8]}'), f32(1, 2)),
      /shape must be an array of non-negative integers/,
    );
  });

  it('offsets out of range, reversed, overlapping, leaving gaps or trailing bytes', () => {
    expectError(
      fileFrom(header('"a":{"dtype":"F32","shape":[1],"data_offsets":[8,4]}'), f32(1, 2)),
      /data_offsets must be \[begin, end\] with 0 ≤ begin ≤ end, got \[8,4\]/,
    );
    expectError(
      fileFrom(header('"a":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}'), f32(1, 2)),
      /extend beyond the 8-byte data section/,
    );
    expectError(
      fileFrom(
        header(
          '"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}',
        ),
        f32(1, 2),
      ),
      /tensor 'b' data_offsets \[4, 8\] overlap tensor 'a' \(which ends at 8\)/,
    );
    expectError(
      fileFrom(header('"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}'), f32(1, 2)),
      /bytes \[0, 4\) of the data section belong to no tensor \(gap before 'a'\)/,
    );
    expectError(
      fileFrom(header('"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}'), f32(1, 2)),
      /data section is 8 bytes but the tensors cover only 4 \(trailing bytes\)/,
    );
  });

  it('accepts any header padding and tensor order the reference reader accepts', () => {
    const text = header(
      '"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}',
    );
    const { tensors } = decodeSafetensors(fileFrom(text, f32(1, 2), 1));
    expect([tensors.a!.data[0], tensors.b!.data[0]]).toEqual([1, 2]);
  });
});
