/** Shared helpers of the experiments and CLI tests: temp folders and PNG headers. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompareConfig } from '../../src/experiments/config.js';

/** Width and height from a PNG's IHDR chunk (after checking the signature). */
export function pngSize(png: Uint8Array): [number, number] {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!sig.every((b, i) => png[i] === b)) throw new Error('not a PNG: bad signature');
  if (Buffer.from(png.subarray(12, 16)).toString('ascii') !== 'IHDR') throw new Error('not a PNG: no IHDR first');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return [view.getUint32(16), view.getUint32(20)];
}

/** A fresh temp folder and a cleanup function. */
export function tempDir(prefix = 'actlab-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A tiny experiment config. */
export function tinyConfig(overrides: Partial<CompareConfig> = {}): CompareConfig {
  return {
    dataset: 'moons',
    trainSize: 64,
    testSize: 32,
    dataSeed: 0,
    hidden: [4],
    epochs: 2,
    lr: 0.05,
    optimizer: 'adam',
    batchSize: 16,
    init: 'default',
    acts: ['relu', 'tanh', 'gelu'],
    seeds: [0, 1],
    ...overrides,
  };
}
