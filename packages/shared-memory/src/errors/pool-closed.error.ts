import { POOL_CLOSED_MESSAGE } from './messages';
import { SharedMemoryError } from './shared-memory.error';

/**
 * The pool was used after `close()`.
 *
 * @publicApi
 */
export class PoolClosedError extends SharedMemoryError {
  constructor(readonly poolName: string) {
    super('SHM_POOL_CLOSED', POOL_CLOSED_MESSAGE(poolName));
  }
}
