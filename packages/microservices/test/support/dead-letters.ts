import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import Redis from 'ioredis';
import type { Brokers } from './brokers';

/** One dead-lettered event as the broker stores it. */
export interface DeadLetter {
  publisher: string;
  attempts: string;
  error: string;
}

/** Reads the dead letters of namespace `ns` straight from the broker, not through mvent. */
export async function readDeadLetters(
  brokers: Brokers,
  transport: 'nats' | 'redis',
  ns: string,
): Promise<DeadLetter[]> {
  const valueOf = (json: string) =>
    (JSON.parse(json) as { value: { publisher: string } }).value.publisher;
  if (transport === 'redis') {
    const redis = new Redis(brokers.redis.url);
    try {
      const entries = await redis.xrange(`{${ns}}:dlq`, '-', '+');
      return entries.map(([, fields]) => {
        const field = (name: string) => fields[fields.indexOf(name) + 1];
        return {
          publisher: valueOf(field('p')),
          attempts: field('attempts'),
          error: field('error'),
        };
      });
    } finally {
      redis.disconnect();
    }
  }
  const connection = await connect({ servers: brokers.nats.servers });
  try {
    const manager = await jetstreamManager(connection);
    const stream = `${ns.toUpperCase()}_DLQ`;
    const { state } = await manager.streams.info(stream);
    const letters: DeadLetter[] = [];
    for (
      let seq = state.first_seq;
      seq <= state.last_seq && state.messages > 0;
      seq++
    ) {
      const message = await manager.streams.getMessage(stream, { seq });
      if (!message) continue;
      letters.push({
        publisher: valueOf(message.string()),
        attempts: message.header.get('Mvent-Attempts'),
        error: message.header.get('Mvent-Error'),
      });
    }
    return letters;
  } finally {
    await connection.close();
  }
}
