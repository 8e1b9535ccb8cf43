import { InvalidDurationError } from '../errors/invalid-duration.error';
import { parseDuration } from '../pool/duration.util';

/**
 * A time in a Python-named class: a number of **seconds**, as in Python (`ttl=5.0`), or a
 * duration string (`'5s'`, `'250ms'`). The Nest-style API takes milliseconds instead.
 *
 * @publicApi
 */
export type Seconds = number | string;

/**
 * A {@link Seconds} value as the engine's milliseconds.
 *
 * @throws InvalidDurationError for negative, non-finite or malformed values
 */
export function secondsToMs(value: Seconds): number {
  try {
    return typeof value === 'number'
      ? parseDuration(value) * 1000
      : parseDuration(value);
  } catch (error) {
    throw error instanceof InvalidDurationError
      ? new InvalidDurationError(value, 's')
      : error;
  }
}
