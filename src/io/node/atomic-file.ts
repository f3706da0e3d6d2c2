/**
 * Writing a file so that a crash or a kill never leaves it half-written (Node only): the bytes go
 * to a temporary file in the same folder, are flushed to disk, and the temporary file is renamed
 * over the target — rename is atomic on POSIX file systems, so readers see the old file or the
 * new one, never a torn one.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Writes `data` to `path` atomically (see the module comment). */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  // Same folder (rename cannot cross file systems), a name no other writer uses, and a dot
  // prefix so folder listings and globs skip it.
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'w');
    for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
    fsyncSync(fd); // the data is on disk before the rename makes it visible
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  // Persist the rename itself (the folder entry); not every platform lets a folder be opened.
  try {
    const dirFd = openSync(dirname(path), 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  } catch {
    // best effort
  }
}
