import type { RedisContext } from './redis-transport';

/** An event that will not be handled: why, by whom, after how many attempts. */
export interface DeadLetter {
  entryId: string;
  /** The entry's fields, copied as they are. */
  fields: string[];
  attempts: number;
  error: unknown;
  /** The consumer group and the handler that gave up. */
  group: string;
  handler: string;
}

/**
 * Moves an event to the dead-letter stream `{<prefix>}:dlq` with its original fields and
 * `entry`, `group`, `handler`, `attempts`, `error`, and acknowledges it in the same
 * transaction; counts and logs it.
 */
export async function deadLetterEntry(
  { client, keys, counters, logger, settings }: RedisContext,
  letter: DeadLetter,
): Promise<void> {
  const { entryId, group, handler, attempts } = letter;
  const error = letter.error as Error | undefined;
  const reason = (error?.message ?? String(letter.error)).slice(0, 1000);
  await client
    .multi()
    .xadd(
      keys.deadLetters,
      'MAXLEN',
      '~',
      settings.maxLen,
      '*',
      ...letter.fields,
      'entry',
      entryId,
      'group',
      group,
      'handler',
      handler,
      'attempts',
      attempts,
      'error',
      reason,
    )
    .xack(keys.events, group, entryId)
    .exec();
  counters.deadLettered++;
  logger.error(
    `${handler}: event ${entryId} failed ${attempts} time(s) (${reason}); moved to ${keys.deadLetters}`,
  );
}
