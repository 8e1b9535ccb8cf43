import { durationTextToMs } from '@mvent/core';
import { InvalidDurationError } from '../errors/invalid-duration.error';

/**
 * A duration in the Nest-style API: a number of **milliseconds**, or a string of number-unit
 * pairs such as `"250ms"`, `"5s"`, `"1d2h30m"` (units d, h, m, s, ms). The Python-named
 * classes take {@link Seconds} instead. A string means the same in both.
 *
 * @publicApi
 */
export type Duration = number | string;

/**
 * Converts a {@link Duration} to milliseconds.
 *
 * @throws InvalidDurationError for negative, non-finite or malformed values
 * @publicApi
 */
export function parseDuration(value: Duration): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) {
      throw new InvalidDurationError(value);
    }
    return value;
  }
  const ms = typeof value === 'string' ? durationTextToMs(value) : undefined;
  if (ms === undefined) {
    throw new InvalidDurationError(value);
  }
  return ms;
}
