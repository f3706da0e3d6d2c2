import { describe, expect, it } from 'vitest';
import { BFLOAT16, FLOAT16, decodeMiniFloat, encodeMiniFloat } from '../../src/io/minifloat.js';
import { Generator } from '../../src/tensor/random.js';

describe('float16', () => {
  it('encodes known values with round-to-nearest-even', () => {
    const cases: Array<[number, number]> = [
      [0, 0x0000],
      [-0, 0x8000],
      [1, 0x3c00],
      [-2, 0xc000],
      [0.1, 0x2e66],
      [65504, 0x7bff], // largest finite
      [65519, 0x7bff], // rounds down
      [65520, 0x7c00], // tie rounds to even = overflow to +Inf
      [Infinity, 0x7c00],
      [-Infinity, 0xfc00],
      [2 ** -14, 0x0400], // smallest normal
      [2 ** -24, 0x0001], // smallest subnormal
      [2 ** -25, 0x0000], // tie to even: 0
      [3 * 2 ** -25, 0x0002], // tie to even: 2
      [1 + 2 ** -11, 0x3c00], // tie between 1 and 1+2^-10 goes to even mantissa
      [1 + 3 * 2 ** -11, 0x3c02],
    ];
    for (const [value, bits] of cases) expect([value, encodeMiniFloat(value, FLOAT16)]).toEqual([value, bits]);
    expect(encodeMiniFloat(NaN, FLOAT16)).toBe(0x7e00);
  });

  it('rounds a double once (no double rounding through float32)', () => {
    // 1 + 2^-11 + 2^-40 is just above the tie, so it must round up; via float32 it would
    // first become exactly the tie and then round down to 1.
    expect(encodeMiniFloat(1 + 2 ** -11 + 2 ** -40, FLOAT16)).toBe(0x3c01);
  });

  it('decode ∘ encode is the identity on all 65,536 bit patterns (NaNs stay NaN)', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const value = decodeMiniFloat(bits, FLOAT16);
      if (Number.isNaN(value)) expect((bits & 0x7c00) === 0x7c00 && (bits & 0x3ff) !== 0).toBe(true);
      else if (encodeMiniFloat(value, FLOAT16) !== bits)
        expect([bits, encodeMiniFloat(value, FLOAT16)]).toEqual([bits, bits]);
    }
  });
});

describe('bfloat16', () => {
  it('matches the float32 bit-trick rounding on random floats', () => {
    const gen = new Generator(0);
    const f32 = new Float32Array(1);
    const u32 = new Uint32Array(f32.buffer);
    for (let i = 0; i < 20000; i++) {
      u32[0] = gen.nextUint32();
      if (Number.isNaN(f32[0]!)) continue;
      const bits = u32[0]!;
      // Round-to-nearest-even on the top 16 bits, as torch's c10::BFloat16 does.
      const expected = ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff;
      const got = encodeMiniFloat(f32[0]!, BFLOAT16);
      if (got !== expected) expect([f32[0], got]).toEqual([f32[0], expected]);
    }
  });

  it('decode ∘ encode is the identity on all bit patterns', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const value = decodeMiniFloat(bits, BFLOAT16);
      if (!Number.isNaN(value) && encodeMiniFloat(value, BFLOAT16) !== bits) {
        expect([bits, encodeMiniFloat(value, BFLOAT16)]).toEqual([bits, bits]);
      }
    }
    expect(encodeMiniFloat(NaN, BFLOAT16)).toBe(0x7fc0);
    expect(encodeMiniFloat(1, BFLOAT16)).toBe(0x3f80);
  });
});
