import { INVALID_POOL_NAME_MESSAGE } from './messages';
import { SharedMemoryError } from './shared-memory.error';

/**
 * A pool name was rejected (path separators, `..`, bad characters).
 *
 * @publicApi
 */
export class InvalidPoolNameError extends SharedMemoryError {
  constructor(readonly poolName: unknown) {
    super('SHM_INVALID_POOL_NAME', INVALID_POOL_NAME_MESSAGE(poolName));
  }
}
