/** Spawns the built `actlab` (npm test builds first) and helpers to check its output. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const bin = new URL('../../bin/actlab.js', import.meta.url).pathname;

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `actlab ...args` with stdout/stderr captured (so neither is a TTY). */
export function actlab(...args: string[]): Ran {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 300_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `actlab` and parses stdout as JSON, failing with stderr when it exits non-zero. */
export function actlabJson<T = Record<string, unknown>>(...args: string[]): T {
  const r = actlab(...args);
  if (r.status !== 0) throw new Error(`actlab ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** Runs `actlab` under a pseudo-terminal (util-linux `script`), where progress bars are drawn. */
export function actlabTty(...args: string[]): Ran {
  const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const cmd = [process.execPath, bin, ...args].map(quote).join(' ');
  const r = spawnSync('script', ['-qec', cmd, '/dev/null'], {
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, COLUMNS: '140' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Width and height from a PNG file's IHDR chunk (after checking the signature). */
export function pngFileSize(path: string): [number, number] {
  const png = readFileSync(path);
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!sig.every((b, i) => png[i] === b)) throw new Error(`${path}: not a PNG (bad signature)`);
  if (png.subarray(12, 16).toString('ascii') !== 'IHDR') throw new Error(`${path}: not a PNG (no IHDR first)`);
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

/** ANSI escape sequences (colours, cursor moves): none may reach a captured stream. */
// eslint-disable-next-line no-control-regex
export const ANSI = /\u001b\[/;
