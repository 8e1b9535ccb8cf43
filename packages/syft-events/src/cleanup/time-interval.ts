import { InvalidTimeIntervalError } from '../errors/invalid-time-interval.error';

const UNIT_MS: Record<string, number> = {
  d: 86_400_000,
  h: 3_600_000,
  m: 60_000,
  s: 1_000,
};

/**
 * Parses a time interval as syft-event's cleanup does: `"1d2h30m"`, `"45s"`, `"1D"`, summed
 * over every `<number><d|h|m|s>` (case-insensitive). A number is taken as milliseconds.
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
  const parts = [...interval.toLowerCase().matchAll(/(\d+)([dhms])/g)];
  // Unlike Python, stray characters are an error rather than silently ignored ("5x3m").
  const rest = interval
    .toLowerCase()
    .replace(/(\d+)([dhms])/g, '')
    .trim();
  if (parts.length === 0 || rest !== '') {
    throw new InvalidTimeIntervalError(
      `Invalid time interval format: ${interval}`,
    );
  }
  const total = parts.reduce(
    (sum, [, n, unit]) => sum + Number(n) * UNIT_MS[unit],
    0,
  );
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
