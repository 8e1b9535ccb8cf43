import { UNSUPPORTED_VALUE_MESSAGE } from './messages';
import { SharedMemoryError } from './shared-memory.error';

/**
 * A value cannot be encoded (a function, a symbol, a class instance with behaviour…).
 *
 * @publicApi
 */
export class UnsupportedValueError extends SharedMemoryError {
  constructor(
    readonly key: string,
    reason: string,
    cause?: unknown,
  ) {
    super('SHM_UNSUPPORTED_VALUE', UNSUPPORTED_VALUE_MESSAGE(key, reason), {
      cause,
    });
  }
}
