import { POOL_FORMAT_MESSAGE } from './messages';
import { SharedMemoryError } from './shared-memory.error';

/**
 * The pool on disk was written in a layout this version cannot read.
 *
 * @publicApi
 */
export class PoolFormatError extends SharedMemoryError {
  constructor(
    readonly poolName: string,
    readonly found: unknown,
    readonly expected: number,
  ) {
    super('SHM_POOL_FORMAT', POOL_FORMAT_MESSAGE(poolName, found, expected));
  }
}
