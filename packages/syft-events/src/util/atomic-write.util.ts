import { randomBytes } from 'node:crypto';
import { link, open, rename, rm } from 'node:fs/promises';
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
 */
export async function writeFileAtomically(
  path: string,
  text: string,
  { replace = true, syncNudge = true, mode = 0o644 }: AtomicWriteOptions = {},
): Promise<void> {
  const temporary = join(
    dirname(path),
    `.${basename(path)}.syft.tmp.${randomBytes(4).toString('hex')}`,
  );
  const handle = await open(temporary, 'wx', mode);
  try {
    await handle.writeFile(text);
    if (replace) {
      await rename(temporary, path);
    } else {
      const placed = await link(temporary, path).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          if (error.code !== 'EEXIST') throw error;
          return false;
        },
      );
      await rm(temporary, { force: true });
      if (!placed) return;
    }
    if (syncNudge) await handle.write('\n');
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  } finally {
    await handle.close();
  }
}
