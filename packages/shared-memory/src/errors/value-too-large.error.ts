import { VALUE_TOO_LARGE_MESSAGE } from './messages';
import { SharedMemoryError } from './shared-memory.error';

/**
 * A value is larger than `maxValueBytes`; nothing was written.
 *
 * @publicApi
 */
export class ValueTooLargeError extends SharedMemoryError {
  constructor(
    readonly key: string,
    readonly size: number,
    readonly limit: number,
  ) {
    super('SHM_VALUE_TOO_LARGE', VALUE_TOO_LARGE_MESSAGE(key, size, limit));
  }
}
