/** IDX files on disk (Node only; the parser in `./idx.ts` is browser-safe). */
import { readFileSync } from 'node:fs';
import { readIdx, type IdxArray } from '../idx.js';

/** Reads and parses an IDX file (`.gz` or plain); errors name the path. */
export function readIdxFile(path: string): IdxArray {
  return readIdx(readFileSync(path), path);
}
