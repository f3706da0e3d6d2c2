/**
 * What commands print. Results go to stdout (a table for people, or JSON with `--json`);
 * progress and notes go to stderr. Colours only when stdout is a terminal.
 */
import { writeFileSync } from 'node:fs';
import Table from 'cli-table3';
import pc from 'picocolors';

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
