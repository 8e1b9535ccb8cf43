import { randomBytes } from 'node:crypto';
import {
  closeSync,
  linkSync,
  openSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Options of {@link writeFileAtomically}. */
export interface AtomicWriteOptions {
  /** Replace a file already at `path` (else it is kept as it is). @default true */
  replace?: boolean;
  /**
   * Append one `"\n"` in place once the file is there, so that the Go SyftBox client syncs it
   * at once (requests and responses). Off for files whose bytes are fixed. @default true
   */
  syncNudge?: boolean;
  /** The new file's mode. @default 0o644 */
  mode?: number;
}

/**
 * Writes `text` to `path` so that no reader ever sees half of it: it goes to a temporary
 * file in the same folder (`.<name>.syft.tmp.<random>`, a name SyftBox sync ignores), which
 * is then renamed over `path` (or, with `replace: false`, linked there unless something is
 * already there). Neither follows a symbolic link planted at `path`: a link is replaced, or
 * (`replace: false`) left alone, never written through. With `syncNudge`, one `"\n"` is then
 * appended through the same handle: a real in-place write, which the Go SyftBox client needs to
 * sync `.request` and `.response` files at once; the JSON is valid before and after it.
 *
 * Synchronous on purpose, as `readFileSafely`: five system calls of microseconds
 * each, where five trips through libuv's thread pool cost about a millisecond when busy.
 */
export function writeFileAtomically(
  path: string,
  text: string,
  { replace = true, syncNudge = true, mode = 0o644 }: AtomicWriteOptions = {},
): void {
  const temporary = join(
    dirname(path),
    `.${basename(path)}.syft.tmp.${randomBytes(4).toString('hex')}`,
  );
  const fd = openSync(temporary, 'wx', mode);
  try {
    writeFileSync(fd, text);
    if (replace) {
      renameSync(temporary, path);
    } else {
      let placed = true;
      try {
        linkSync(temporary, path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        placed = false;
      }
      rmSync(temporary, { force: true });
      if (!placed) return;
    }
    if (syncNudge) writeSync(fd, '\n');
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  } finally {
    closeSync(fd);
  }
}
