import { durationTextToMs } from '@mvent/core';
import { InvalidTimeIntervalError } from '../errors/invalid-time-interval.error';

/**
 * Parses a time interval as syft-event's cleanup does: `"1d2h30m"`, `"45s"`, `"1D"`, and as
 * every mvent duration (`durationTextToMs`, one grammar for all): `"1500ms"`, `"1.5s"`. A
 * number is taken as milliseconds.
 *
 * @throws InvalidTimeIntervalError with Python's texts, `Time interval cannot be empty` and
 *   `Invalid time interval format`, or when the total is not positive
 * @publicApi
 */
export function parseTimeInterval(interval: string | number): number {
  if (typeof interval === 'number') {
    if (!Number.isFinite(interval) || interval <= 0) {
      throw new InvalidTimeIntervalError(
        `Time interval must be positive: ${interval}`,
      );
    }
    return interval;
  }
  if (typeof interval !== 'string' || interval.trim() === '') {
    throw new InvalidTimeIntervalError('Time interval cannot be empty');
  }
  // Unlike Python, stray characters are an error rather than silently ignored ("5x3m").
  const total = durationTextToMs(interval);
  if (total === undefined) {
    throw new InvalidTimeIntervalError(
      `Invalid time interval format: ${interval}`,
    );
  }
  if (total <= 0) {
    throw new InvalidTimeIntervalError(
      `Time interval must be positive: ${interval}`,
    );
  }
  return total;
}

/**
 * An interval option (`cleanupExpiry`, `cleanupInterval`, `rescanInterval`) in milliseconds.
 * These take a duration string only, as in Python: a bare number could be meant as
 * Python's seconds or Node's milliseconds, so it is refused rather than guessed.
 *
 * @throws InvalidTimeIntervalError for a number or an invalid string
 */
export function parseIntervalOption(name: string, value: string): number {
  if (typeof value !== 'string') {
    throw new InvalidTimeIntervalError(
      `${name} takes a duration string such as '90s' or '1d2h', not ${JSON.stringify(value)}: ` +
        'a bare number could be read as seconds (Python) or milliseconds (Node)',
    );
  }
  return parseTimeInterval(value);
}
