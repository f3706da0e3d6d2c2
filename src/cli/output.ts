/**
 * What commands print. Results go to stdout (a table for people, or JSON with `--json`);
 * progress and notes go to stderr. Colours only when stdout is a terminal.
 */
import { closeSync, existsSync, mkdirSync, openSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Table from 'cli-table3';
import pc from 'picocolors';
import { UsageError } from './errors.js';

/** Whether stdout is a terminal (colours, table borders in colour). */
export const stdoutIsTTY = (): boolean => process.stdout.isTTY === true;

/** `value` as indented JSON and a newline; non-finite numbers become null (JSON.stringify's rule). */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Prints `value` as JSON on stdout (see jsonText). */
export function printJson(value: unknown): void {
  process.stdout.write(jsonText(value));
}

/** Writes `value` as JSON to `path` (see jsonText). */
export function writeJsonFile(path: string, value: unknown): void {
  writeFileSync(path, jsonText(value));
}

// ---- where outputs go: checked before any work, so a bad --out is a usage error (exit 2, one
// line), not a crash after minutes of training ---------------------------------------------

const code = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? String(err);

/**
 * mkdir -p without Node's recursive mkdir, which never returns for a path under /proc (Node 20
 * retries its ENOENT forever): the missing folders are made one by one from the nearest
 * existing ancestor, and the first failure is the answer.
 */
function makeDirs(abs: string, option: string, shown: string): void {
  const missing: string[] = [];
  let at = abs;
  while (!existsSync(at)) {
    missing.unshift(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  if (existsSync(at) && !statSync(at).isDirectory()) {
    throw new UsageError(`${option} ${shown}: cannot write there (${at} is a file, not a folder)`);
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (err) {
      throw new UsageError(`${option} ${shown}: cannot write there (cannot create ${dir}: ${code(err)})`);
    }
  }
}

/**
 * Opens `file` for writing and closes it again, removing it if it did not exist: the only
 * check that holds for root (for whom permission bits say yes) and for pseudo file systems
 * such as /proc that refuse new files.
 */
function probeWrite(file: string, option: string, shown: string): void {
  const existed = existsSync(file);
  try {
    closeSync(openSync(file, existed ? 'r+' : 'wx'));
    if (!existed) unlinkSync(file);
  } catch (err) {
    throw new UsageError(`${option} ${shown}: cannot write there (${code(err)})`);
  }
}

/**
 * Creates `dir` (with parents) and checks that files can be written in it, for every command
 * that writes into an output folder.
 * @throws UsageError naming the option and the reason, e.g. a file in the way or no permission.
 */
export function ensureOutDir(dir: string, option = '--out'): string {
  const abs = resolve(dir);
  if (existsSync(abs) && !statSync(abs).isDirectory())
    throw new UsageError(`${option} ${dir}: exists and is not a directory`);
  makeDirs(abs, option, dir);
  probeWrite(join(abs, `.actlab-write-check-${process.pid}`), option, dir);
  return abs;
}

/**
 * Checks that a file can be written at `path` (its folder is created; an existing file is
 * left as it is), for commands that write one named output file.
 * @throws UsageError for a wrong extension, a folder at `path`, or a place that takes no files.
 */
export function ensureOutFile(path: string, option = '--out', extensions: readonly string[] = []): string {
  if (extensions.length > 0 && !extensions.some((e) => path.toLowerCase().endsWith(e))) {
    throw new UsageError(`${option} ${path}: the file name must end in ${extensions.join(' or ')}`);
  }
  const abs = resolve(path);
  if (existsSync(abs) && statSync(abs).isDirectory())
    throw new UsageError(`${option} ${path}: is a directory, expected a file name`);
  makeDirs(dirname(abs), option, path);
  probeWrite(abs, option, path);
  return abs;
}

/** Prints lines on stdout. */
export function print(...lines: string[]): void {
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** A note on stderr (never mixed into stdout's result). */
export function note(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** A boxed table; header in bold on a terminal. */
export function table(
  head: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  align?: readonly ('left' | 'right')[],
): string {
  const tty = stdoutIsTTY();
  const t = new Table({
    head: head.map((h) => (tty ? pc.bold(h) : h)),
    style: { head: [], border: tty ? ['grey'] : [], compact: true },
    ...(align ? { colAligns: [...align] } : {}),
  });
  for (const r of rows) t.push(r.map(String));
  return t.toString();
}

/** A GitHub-flavoured markdown table. */
export function markdownTable(head: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const esc = (v: string | number): string => String(v).replace(/\|/g, '\\|');
  return [
    `| ${head.map(esc).join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

/** A number for people: up to `digits` significant digits, ∞ for infinities. */
export function num(v: number, digits = 4): string {
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '−∞';
  if (Number.isNaN(v)) return 'NaN';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  return String(Number(v.toPrecision(digits)));
}

/** Bold on a terminal. */
export const bold = (s: string): string => (stdoutIsTTY() ? pc.bold(s) : s);
/** Red on a terminal (mismatches, failures). */
export const red = (s: string): string => (stdoutIsTTY() ? pc.red(s) : s);
/** Dim on a terminal (notes). */
export const dim = (s: string): string => (stdoutIsTTY() ? pc.dim(s) : s);

/**
 * Runs `fn` with everything it writes to stdout collected (and returned) instead of printed:
 * `actlab notes` runs the experiments' own commands with `--json` in this process and keeps
 * their summaries, while their progress still goes to stderr. Not re-entrant.
 */
export async function captureStdout(fn: () => Promise<void>): Promise<string> {
  const chunks: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array): boolean => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;
  try {
    await fn();
  } finally {
    process.stdout.write = write;
  }
  return chunks.join('');
}
