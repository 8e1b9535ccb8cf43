import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

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
 * regular file (`fstat`) no larger than `maxBytes`, and no more than `maxBytes` are read even
 * if it grows meanwhile. Links, FIFOs, devices and directories are `refused`.
 */
export async function readFileSafely(
  path: string,
  maxBytes: number,
): Promise<SafeRead> {
  let handle;
  try {
    handle = await open(
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
    const stats = await handle.stat();
    if (!stats.isFile()) {
      return { refused: 'not a regular file (a FIFO, a device or a folder)' };
    }
    if (stats.size > maxBytes) {
      return { tooLarge: stats.size, modifiedAt: stats.mtimeMs };
    }
    const buffer = Buffer.alloc(Math.min(stats.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(
        buffer,
        length,
        buffer.length - length,
        length,
      );
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) {
        return { tooLarge: length, modifiedAt: stats.mtimeMs }; // it grew past what was read
      }
    }
    return {
      bytes: buffer.subarray(0, length),
      size: length,
      modifiedAt: stats.mtimeMs,
    };
  } finally {
    await handle.close();
  }
}
