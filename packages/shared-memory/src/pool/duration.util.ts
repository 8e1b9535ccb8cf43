import { InvalidDurationError } from '../errors/invalid-duration.error';

/**
 * A duration: milliseconds, or a string of number-unit pairs such as `"250ms"`, `"5s"`,
 * `"1d2h30m"` (units d, h, m, s, ms).
 *
 * @publicApi
 */
export type Duration = number | string;

const UNIT_MS: Record<string, number> = {
  d: 86_400_000,
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
};
const DURATION_PATTERN = /^(?:\d+(?:\.\d+)?(?:ms|d|h|m|s))+$/;
const PART_PATTERN = /(\d+(?:\.\d+)?)(ms|d|h|m|s)/g;

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
  const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (!DURATION_PATTERN.test(text)) {
    throw new InvalidDurationError(value);
  }
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART_PATTERN)) {
    total += Number(amount) * UNIT_MS[unit];
  }
  return total;
}
