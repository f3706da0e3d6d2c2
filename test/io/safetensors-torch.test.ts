/**
 * Reads a file written by PyTorch (`safetensors.torch.save_file`) and compares it with the values
 * the generator recorded next to it. The fixture is produced by the fixture scripts
 * (`npm run fixtures`, needs python3-torch); until it exists this suite is skipped with a note.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors, type SafetensorsEntry } from '../../src/io/safetensors.js';

const dir = new URL('../fixtures/safetensors/', import.meta.url);
const filePath = new URL('torch_written.safetensors', dir);
const jsonPath = new URL('torch_written.json', dir);
const present = existsSync(filePath) && existsSync(jsonPath);

/** torch dtype names → safetensors names, in case the generator recorded torch's spelling. */
const TORCH_DTYPES: Record<string, string> = {
  float32: 'F32',
  float: 'F32',
  float64: 'F64',
  double: 'F64',
  float16: 'F16',
  half: 'F16',
  bfloat16: 'BF16',
  int64: 'I64',
  long: 'I64',
  int32: 'I32',
  int: 'I32',
  int16: 'I16',
  int8: 'I8',
  uint8: 'U8',
  bool: 'BOOL',
};

interface ExpectedTensor {
  dtype?: string;
  shape?: number[];
  values?: unknown[];
  data?: unknown[];
  expected?: unknown[];
}

/** JSON numbers, with the fixtures' "NaN"/"Infinity"/"-Infinity" strings (and bigints as strings). */
function same(actual: number | bigint, expected: unknown): boolean {
  if (typeof actual === 'bigint')
    return actual === BigInt(typeof expected === 'boolean' ? Number(expected) : String(expected));
  const e = typeof expected === 'boolean' ? Number(expected) : Number(expected);
  return Number.isNaN(e) ? Number.isNaN(actual) : Object.is(actual, e) || (actual === 0 && e === 0);
}

describe('safetensors written by PyTorch', () => {
  // Committed fixtures: a missing one fails (regenerate with `npm run fixtures`), it is no reason to skip.
  it('the fixture is there', () => {
    expect(present, 'test/fixtures/safetensors/torch_written.{safetensors,json} missing: run `npm run fixtures`').toBe(
      true,
    );
  });

  const bytes = present ? new Uint8Array(readFileSync(filePath)) : new Uint8Array(0);
  const json = present ? (JSON.parse(readFileSync(jsonPath, 'utf8')) as Record<string, unknown>) : {};
  const expectedTensors = (json.tensors ?? json) as Record<string, ExpectedTensor>;
  const expectedMetadata = (json.metadata ?? json.__metadata__) as Record<string, string> | undefined;

  it('decodes every tensor to the recorded dtype, shape and values', () => {
    const { tensors, metadata } = decodeSafetensors(bytes, 'torch_written.safetensors');
    if (expectedMetadata !== undefined) expect(metadata).toEqual(expectedMetadata);
    const names = Object.keys(expectedTensors).filter((n) => n !== '__metadata__' && n !== 'metadata');
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const want = expectedTensors[name]!;
      const got = tensors[name];
      expect(got, `tensor '${name}' missing`).toBeDefined();
      if (want.dtype !== undefined) {
        const dtype = want.dtype.replace(/^torch\./, '');
        expect(got!.dtype, name).toBe(TORCH_DTYPES[dtype] ?? dtype);
      }
      if (want.shape !== undefined) expect(got!.shape, name).toEqual(want.shape);
      const values = want.values ?? want.data ?? want.expected;
      if (values !== undefined) {
        const flat = (values as unknown[]).flat(Infinity);
        expect(got!.data.length, name).toBe(flat.length);
        flat.forEach((v, i) => {
          if (!same(got!.data[i]!, v)) expect([name, i, got!.data[i]]).toEqual([name, i, v]);
        });
      }
    }
  });

  // The fixture is written by a hand-rolled Python writer (Debian has no `safetensors` package),
  // so byte identity with it proves nothing; what matters is that a round trip keeps every value.
  it('re-encodes to a file that decodes to the same tensors', () => {
    const { tensors, metadata } = decodeSafetensors(bytes);
    const entries: Record<string, SafetensorsEntry> = {};
    for (const [name, t] of Object.entries(tensors)) entries[name] = { dtype: t.dtype, shape: t.shape, data: t.data };
    const again = decodeSafetensors(encodeSafetensors(entries, metadata));
    expect(again.metadata).toEqual(metadata);
    for (const [name, t] of Object.entries(tensors)) {
      expect(again.tensors[name]!.dtype).toBe(t.dtype);
      expect(again.tensors[name]!.shape).toEqual(t.shape);
      expect(Array.from(again.tensors[name]!.data as ArrayLike<number | bigint>)).toEqual(
        Array.from(t.data as ArrayLike<number | bigint>),
      );
    }
  });
});
