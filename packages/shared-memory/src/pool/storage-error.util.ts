import { statfsSync } from 'node:fs';
import { PoolFullError } from '../errors/pool-full.error';

/** errno values with which a commit fails when the file system is full (EIO: a short write). */
const ENOSPC = 28;
const EIO = 5;
/** Below this many free bytes, a commit that fails with EIO is taken as a full file system. */
const NEARLY_FULL_BYTES = 8 * 1024 * 1024;

/** `PoolFullError` (reason `'disk'`) for pool `name` in `path`, with the bytes still free there. */
export function diskFullError(
  name: string,
  path: string,
  cause?: unknown,
): PoolFullError {
  return new PoolFullError(name, 0, 0, freeBytes(path), { path, cause });
}

/** A storage error that means a full file system becomes `PoolFullError`; others stay as they are. */
export function translateStorageError(
  error: unknown,
  name: string,
  path: string,
): unknown {
  const code = (error as { code?: unknown }).code;
  const full =
    code === ENOSPC ||
    code === 'ENOSPC' ||
    (code === EIO && freeBytes(path) < NEARLY_FULL_BYTES);
  return full ? diskFullError(name, path, error) : error;
}

/** Bytes still available to this user on the file system of `path`. */
function freeBytes(path: string): number {
  try {
    const stats = statfsSync(path);
    return stats.bavail * stats.bsize;
  } catch {
    return 0;
  }
}
