import {
  isInteger,
  isLosslessNumber,
  isSafeNumber,
  LosslessNumber,
  parse,
  stringify,
} from 'lossless-json';

/**
 * How numbers in a JSON body reach a handler:
 *
 * - `'exact'` (default): as Python reads JSON. Integers beyond ±2^53 become `bigint`, exact
 *   (JSON.parse would round `12345678901234567890` to `12345678901234567000` in silence);
 *   every other number is a `number`, a double as Python's `float`. One difference stays:
 *   `1.0` arrives as `1` and goes back as `1`, where Python keeps a float.
 * - `'lossless'`: every number that a `number` would change (`1.0`, `1e3`,
 *   `12345678901234567890`, `0.1000000000000000000001`) arrives as a `LosslessNumber`
 *   (from lossless-json) and goes back with its text unchanged. Arithmetic works through
 *   `valueOf()`, which throws rather than round; `typeof` is `'object'`.
 *
 * @publicApi
 */
export type JsonNumbers = 'exact' | 'lossless';

/** Any integer of 15 digits or fewer is exact as a `number`; only longer runs need care. */
const LONG_DIGIT_RUN = /\d{16}/;

/**
 * Parses JSON text with its numbers as `numbers` says. Without a run of 16 digits (every
 * ordinary body), `'exact'` is plain `JSON.parse`, at its speed.
 *
 * @throws SyntaxError for text that is not JSON
 * @publicApi
 */
export function parseJson(
  text: string,
  numbers: JsonNumbers = 'exact',
): unknown {
  if (numbers === 'exact' && !LONG_DIGIT_RUN.test(text)) {
    return JSON.parse(text);
  }
  return parse(text, null, numbers === 'exact' ? exactNumber : losslessNumber);
}

/**
 * JSON text of `value` that writes `bigint` and `LosslessNumber` values as their exact
 * digits; otherwise `JSON.stringify`, at its speed (`undefined` where it gives that).
 *
 * @throws TypeError for a value with no JSON form (a cycle)
 * @publicApi
 */
export function stringifyJson(value: unknown): string | undefined {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    // JSON.stringify refuses bigint; whatever else it refuses, lossless-json refuses too.
    if (!(error instanceof TypeError) || !/BigInt/.test(error.message)) {
      throw error;
    }
    return stringify(value);
  }
  // A LosslessNumber has no toJSON, so JSON.stringify wrote it as an object: write it again.
  return text?.includes('"isLosslessNumber":true') ? stringify(value) : text;
}

/** Whether `value` is a number that `stringifyJson` writes as digits (`bigint`, `LosslessNumber`). */
export function isExactNumber(
  value: unknown,
): value is bigint | LosslessNumber {
  return typeof value === 'bigint' || isLosslessNumber(value);
}

function exactNumber(text: string): number | bigint {
  return isInteger(text) && !isSafeNumber(text) ? BigInt(text) : Number(text);
}

function losslessNumber(text: string): number | LosslessNumber {
  const value = Number(text);
  return String(value) === text ? value : new LosslessNumber(text);
}
