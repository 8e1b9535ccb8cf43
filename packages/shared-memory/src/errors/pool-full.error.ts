import { POOL_FULL_MESSAGE } from './messages';
import { SharedMemoryError } from './shared-memory.error';

/**
 * A write would take the pool over `maxPoolBytes`; nothing was written and every other entry is intact.
 *
 * @publicApi
 */
export class PoolFullError extends SharedMemoryError {
  constructor(
    readonly poolName: string,
    readonly used: number,
    readonly needed: number,
    readonly limit: number,
  ) {
    super('SHM_POOL_FULL', POOL_FULL_MESSAGE(poolName, used, needed, limit));
  }
}
