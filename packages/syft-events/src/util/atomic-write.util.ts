import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `text` to `path` so that no reader ever sees half of it: it goes to a temporary
 * file in the same folder (`.<name>.syft.tmp.<random>`, a name SyftBox sync ignores), is
 * renamed over `path`, and then one `"\n"` is appended through the same handle. The append
 * is a real in-place write, which the Go SyftBox client needs to sync `.request` and
 * `.response` files at once; the JSON is valid before and after it. Writing through the
 * handle also means a symlink planted at `path` is replaced, never followed.
 */
export async function writeFileAtomically(
  path: string,
  text: string,
): Promise<void> {
  const temporary = join(
    dirname(path),
    `.${basename(path)}.syft.tmp.${randomBytes(4).toString('hex')}`,
  );
  const handle = await open(temporary, 'wx');
  try {
    await handle.writeFile(text);
    await rename(temporary, path);
    await handle.write('\n');
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  } finally {
    await handle.close();
  }
}
