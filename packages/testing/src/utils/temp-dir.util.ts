import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A temporary directory that removes itself.
 *
 * @publicApi
 */
export interface TempDir {
  /** The absolute path of the directory. */
  readonly path: string;
  /** Removes the directory and everything in it. Safe to call twice. */
  remove(): Promise<void>;
}

/**
 * Creates a fresh directory under the OS temp dir (or `parent`).
 *
 * @example
 * ```ts
 * const dir = await createTempDir('syftbox-');
 * afterAll(() => dir.remove());
 * ```
 * @publicApi
 */
export async function createTempDir(
  prefix = 'mvent-',
  parent = tmpdir(),
): Promise<TempDir> {
  const path = await mkdtemp(join(parent, prefix));
  return {
    path,
    remove: () => rm(path, { recursive: true, force: true }),
  };
}
