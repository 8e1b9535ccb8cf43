import type { OnEventOptions } from '@mvent/core';
import type Redis from 'ioredis';

/** The largest sequence part of a stream id: `<ms>-MAX` is the last id of a millisecond. */
const LAST_OF_MS = '18446744073709551615';
const PAGE = 1000;

/**
 * Where a new consumer group starts (the id of the last entry it counts as delivered):
 * at the end by default, before the first entry with mvent sequence `from`, or before the
 * first entry stored at or after `since`. A group that exists keeps its own position.
 */
export async function startPosition(
  client: Redis,
  stream: string,
  options: OnEventOptions,
): Promise<string> {
  if (options.since !== undefined)
    return `${options.since.getTime() - 1}-${LAST_OF_MS}`;
  if (options.from === undefined) return '$';
  // Sequences grow with ids, so the first entry at or after `from` is found by one scan.
  let previous = '0';
  let cursor = '-';
  for (;;) {
    const entries = (await client.xrange(
      stream,
      cursor,
      '+',
      'COUNT',
      PAGE,
    )) as [string, string[]][];
    for (const [id, fields] of entries) {
      if (Number(fields[fields.indexOf('s') + 1]) >= options.from)
        return previous;
      previous = id;
    }
    if (entries.length < PAGE) return previous;
    cursor = `(${previous}`;
  }
}
