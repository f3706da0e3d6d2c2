/**
 * Errors the CLI reports as bad usage: one line on stderr and exit code 2, no stack trace.
 * Anything else that escapes a command is a failure (exit code 1).
 */

/** A bad option value, an unknown name, a missing dataset, an unwritable output: the user's to fix. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The message of any thrown value, on one line. */
export function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/\s*\n+\s*/g, ' ').trim();
}
