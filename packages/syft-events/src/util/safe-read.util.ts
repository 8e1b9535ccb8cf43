import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** What reading a file of someone else's folder gave. */
export type SafeRead =
  | { bytes: Buffer; size: number; modifiedAt: number }
  | { missing: true }
  | { refused: string }
  | { tooLarge: number; modifiedAt: number };

/**
 * Reads a file that someone else may have planted or may swap at any moment, opening it once
 * and reading only through that descriptor: the name is opened without following a symbolic
 * link (`O_NOFOLLOW`) and without blocking on a FIFO (`O_NONBLOCK`), the open file must be a
 * regular file (`fstat`) no larger than `maxBytes`, and it is read to its end, up to
 * `maxBytes + 1` bytes even if it grows meanwhile. Links, FIFOs, devices and directories are `refused`.
 *
 * Synchronous on purpose: these are small files in a local folder, where each system call
 * takes microseconds and each trip through libuv's thread pool 30–250 µs on a busy 2-core
 * machine; a SyftBox round trip makes about twenty of them.
 */
export function readFileSafely(path: string, maxBytes: number): SafeRead {
  let fd: number;
  try {
    fd = openSync(
      path,
      constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK,
    );
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { missing: true };
    if (code === 'ELOOP')
      return { refused: 'a symbolic link (never followed)' };
    return { refused: `it cannot be opened (${code ?? String(error)})` };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      return { refused: 'not a regular file (a FIFO, a device or a folder)' };
    }
    if (stats.size > maxBytes) {
      return { tooLarge: stats.size, modifiedAt: stats.mtimeMs };
    }
    // Read to the end, not to the size fstat gave: writers append after renaming (the sync
    // nudge), so a file may be longer by the time it is read. Only past maxBytes is it refused.
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(
        Math.min(Math.max(stats.size + 1, 4096), maxBytes + 1 - length),
      );
      const bytesRead = readSync(fd, chunk, 0, chunk.length, length);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      length += bytesRead;
      if (length > maxBytes) {
        return { tooLarge: length, modifiedAt: stats.mtimeMs }; // it grew past the limit
      }
    }
    return {
      bytes: Buffer.concat(chunks, length),
      size: length,
      modifiedAt: stats.mtimeMs,
    };
  } finally {
    closeSync(fd);
  }
}
