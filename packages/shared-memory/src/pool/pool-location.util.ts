import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { POOL_NAME_PATTERN } from '../constants';
import { InvalidPoolNameError } from '../errors/invalid-pool-name.error';

/**
 * Checks a pool name: 1 to 100 of `[A-Za-z0-9._-]`, not starting with a dot, so it can
 * never be a path (`../x`, `a/b`, `.`).
 *
 * @throws InvalidPoolNameError
 * @publicApi
 */
export function assertValidPoolName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !POOL_NAME_PATTERN.test(name)) {
    throw new InvalidPoolNameError(name);
  }
}

/**
 * Where pools live by default: `/dev/shm/mvent-<uid>` on Linux (tmpfs, so nothing touches a
 * disk), else `<os temp dir>/mvent-<uid>`. One folder per user, so that no user can create
 * another's pools folder first (such a folder is refused, see `UnsafeDirectoryError`).
 *
 * @publicApi
 */
export function defaultPoolsDirectory(): string {
  const folder = `mvent-${process.geteuid?.() ?? 'user'}`;
  return process.platform === 'linux' && existsSync('/dev/shm')
    ? join('/dev/shm', folder)
    : join(tmpdir(), folder);
}
