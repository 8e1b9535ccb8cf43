import type { LoggerService } from '@mvent/core';
import type Redis from 'ioredis';

/**
 * A connection of its own, for a blocking read (`XREADGROUP ... BLOCK` holds its connection),
 * whose errors go to mvent's logger: ioredis prints "Unhandled error event" on the console
 * for a connection without an `error` listener, about 20 times per outage.
 */
export function duplicateConnection(
  client: Redis,
  logger: LoggerService,
  purpose: string,
): Redis {
  const connection = client.duplicate();
  connection.on('error', (error: Error) =>
    logger.debug?.(`redis (${purpose}): ${error.message}`),
  );
  return connection;
}
