import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readIdx, readIdxFile } from '../../src/data/node/index.js';
import { idxBytes } from './idx-bytes.js';

describe('readIdx', () => {
  it('reads uint8 images', () => {
    const arr = readIdx(
      idxBytes(
        0x08,
        [2, 2, 3],
        Uint8Array.from({ length: 12 }, (_, i) => i * 20),
      ),
    );
    expect(arr.dtype).toBe('uint8');
    expect(arr.shape).toEqual([2, 2, 3]);
    expect(Array.from(arr.data)).toEqual(Array.from({ length: 12 }, (_, i) => i * 20));
  });

  it('reads big-endian int32, int16, float32 and float64', () => {
    const be = (width: number, write: (v: DataView, o: number, x: number) => void, values: number[]) => {
      const b = new Uint8Array(values.length * width);
      const v = new DataView(b.buffer);
      values.forEach((x, i) => write(v, i * width, x));
      return b;
    };
    const i32 = readIdx(
      idxBytes(
        0x0c,
        [3],
        be(4, (v, o, x) => v.setInt32(o, x, false), [-1, 70000, 5]),
      ),
    );
    expect([i32.dtype, Array.from(i32.data)]).toEqual(['int32', [-1, 70000, 5]]);
    const i16 = readIdx(
      idxBytes(
        0x0b,
        [2],
        be(2, (v, o, x) => v.setInt16(o, x, false), [-300, 300]),
      ),
    );
    expect(Array.from(i16.data)).toEqual([-300, 300]);
    const f32 = readIdx(
      idxBytes(
        0x0d,
        [1, 2],
        be(4, (v, o, x) => v.setFloat32(o, x, false), [1.5, -0.25]),
      ),
    );
    expect([f32.dtype, f32.shape, Array.from(f32.data)]).toEqual(['float32', [1, 2], [1.5, -0.25]]);
    const f64 = readIdx(
      idxBytes(
        0x0e,
        [1],
        be(8, (v, o, x) => v.setFloat64(o, x, false), [Math.PI]),
      ),
    );
    expect(Array.from(f64.data)).toEqual([Math.PI]);
    const i8 = readIdx(idxBytes(0x09, [2], new Uint8Array([0xff, 1])));
    expect(Array.from(i8.data)).toEqual([-1, 1]);
  });

  it('inflates gzipped files', () => {
    const arr = readIdx(gzipSync(idxBytes(0x08, [4], new Uint8Array([1, 2, 3, 4]))));
    expect(Array.from(arr.data)).toEqual([1, 2, 3, 4]);
  });

  it('names the file and the problem for corrupt headers', () => {
    const ok = idxBytes(0x08, [2, 2], new Uint8Array(4));
    const badMagic = ok.slice();
    badMagic[0] = 0x12;
    expect(() => readIdx(badMagic, 'x.idx')).toThrow(
      /x\.idx: invalid IDX file: magic number must start with two zero bytes, got 0x12 0x00/,
    );
    const badType = ok.slice();
    badType[2] = 0x07;
    expect(() => readIdx(badType, 'x.idx')).toThrow(/x\.idx: .*unknown data type code 0x07/);
    expect(() => readIdx(ok.slice(0, 9), 'x.idx')).toThrow(
      /x\.idx: .*declares 2 dimensions \(12 header bytes\) but the file has only 9 bytes/,
    );
    expect(() => readIdx(ok.slice(0, 14), 'x.idx')).toThrow(
      /dimensions \[2, 2\] of uint8 need 4 data bytes but the file has 2 \(truncated\?\)/,
    );
    expect(() => readIdx(idxBytes(0x08, [2], new Uint8Array(3)), 'x.idx')).toThrow(
      /need 2 data bytes but the file has 3 \(trailing bytes\)/,
    );
    expect(() => readIdx(new Uint8Array([0, 0]), 'x.idx')).toThrow(/shorter than the 4-byte magic number/);
    expect(() => readIdx(idxBytes(0x08, [], new Uint8Array(0)), 'x.idx')).toThrow(/declares 0 dimensions/);
    expect(() => readIdx(new Uint8Array([0x1f, 0x8b, 1, 2, 3]), 'x.gz')).toThrow(/x\.gz: gzip data is corrupt/);
  });

  it('readIdxFile puts the path in errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'actlab-idx-'));
    const path = join(dir, 'broken-idx1-ubyte');
    writeFileSync(path, new Uint8Array([1, 2, 3, 4, 5]));
    expect(() => readIdxFile(path)).toThrow(path);
  });
});
