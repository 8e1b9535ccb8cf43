import { lstatSync, mkdirSync } from 'node:fs';
import { UnsafeDirectoryError } from '../errors/unsafe-directory.error';

/**
 * Creates `path` owner-only if it is missing, then checks that it is a real directory (not a
 * symbolic link), owned by this user, and writable by no one else, as ssh checks its files.
 * Whoever can write into a pools folder or a pool can read and change its values, forge events
 * and answer its memory-RPC calls.
 *
 * @param what how the error names it: "pools folder", "pool", "socket folder"
 * @throws UnsafeDirectoryError
 */
export function ensureOwnedDirectory(path: string, what: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  const uid = process.geteuid?.();
  if (uid === undefined) {
    return; // Windows: no owners or modes to check
  }
  const info = lstatSync(path);
  const problem = !info.isDirectory()
    ? 'is not a directory (a symbolic link, or a file)'
    : info.uid !== uid
      ? `is owned by uid ${info.uid}, not by this user (uid ${uid})`
      : (info.mode & 0o022) !== 0
        ? `is writable by its group or by others (mode ${(info.mode & 0o777).toString(8)})`
        : undefined;
  if (problem) {
    throw new UnsafeDirectoryError(what, path, problem);
  }
}
