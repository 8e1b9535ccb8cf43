import { INVALID_DURATION_MESSAGE } from './messages';
import { SharedMemoryError } from './shared-memory.error';

/**
 * A TTL or retention age is neither milliseconds nor a duration string.
 *
 * @publicApi
 */
export class InvalidDurationError extends SharedMemoryError {
  constructor(
    readonly value: unknown,
    /** What a bare number means where it was given: milliseconds, or seconds (Python names). */
    readonly unit: 'ms' | 's' = 'ms',
  ) {
    super('SHM_INVALID_DURATION', INVALID_DURATION_MESSAGE(value, unit));
  }
}
