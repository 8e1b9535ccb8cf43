import { POOL_DISK_FULL_MESSAGE, POOL_FULL_MESSAGE } from './messages';
import { SharedMemoryError } from './shared-memory.error';

/**
 * A write did not fit: it would take the pool over `maxPoolBytes` (`reason: 'limit'`), or the
 * file system that holds the pool has no room left for it (`reason: 'disk'`, a tmpfs such as
 * Docker's 64 MB `/dev/shm`). Nothing was written and every other entry is intact.
 *
 * @publicApi
 */
export class PoolFullError extends SharedMemoryError {
  /** Why the write did not fit. */
  readonly reason: 'limit' | 'disk';

  /**
   * @param used bytes the pool holds (`reason: 'limit'`), or `0`
   * @param needed bytes the write needed (`reason: 'limit'`), or `0`
   * @param limit `maxPoolBytes`, or the bytes still free on the file system (`reason: 'disk'`)
   */
  constructor(
    readonly poolName: string,
    readonly used: number,
    readonly needed: number,
    readonly limit: number,
    disk?: { path: string; cause: unknown },
  ) {
    super(
      'SHM_POOL_FULL',
      disk
        ? POOL_DISK_FULL_MESSAGE(poolName, disk.path, limit)
        : POOL_FULL_MESSAGE(poolName, used, needed, limit),
      { cause: disk?.cause },
    );
    this.reason = disk ? 'disk' : 'limit';
  }
}
