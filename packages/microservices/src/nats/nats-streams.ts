import type { LoggerService } from '@mvent/core';
import type { JetStreamManager } from '@nats-io/jetstream';
import { setTimeout as sleep } from 'node:timers/promises';
import { natsLibraries } from './nats-libraries';
import type { NatsSettings } from './nats-transport';

/**
 * Creates or updates the event stream and its dead-letter stream (`<stream>_DLQ`) with the
 * transport's replicas, storage, age and dedupe window.
 *
 * @throws what JetStream answered, when it still refuses after `publishRetryMs`
 */
export async function ensureStreams(
  manager: JetStreamManager,
  s: NatsSettings,
  logger: LoggerService,
): Promise<void> {
  const { jetstream, nats } = natsLibraries();
  const { nanos } = nats;
  const common = {
    num_replicas: s.replicas,
    storage:
      s.storage === 'memory'
        ? jetstream.StorageType.Memory
        : jetstream.StorageType.File,
    max_age: nanos(s.maxAge),
    duplicate_window: nanos(s.duplicateWindow),
  };
  for (const [name, prefix] of [
    [s.stream, s.subjectPrefix],
    [`${s.stream}_DLQ`, s.deadLetterPrefix],
  ]) {
    const config = { ...common, name, subjects: [`${prefix}.>`] };
    // Several processes start at once: whoever loses the race to create the stream updates
    // it. A cluster electing its leaders ("JetStream system temporarily unavailable") gets
    // up to `publishRetryMs` to settle, as a publish does.
    const giveUpAt = Date.now() + s.publishRetryMs;
    for (let attempt = 1; ; attempt++) {
      try {
        await manager.streams.add(config);
        break;
      } catch (error) {
        const updated = await manager.streams.update(name, config).then(
          () => true,
          () => false,
        );
        if (updated) break;
        if (Date.now() >= giveUpAt) throw error;
        if (attempt === 5) {
          logger.warn(
            `Creating the stream ${name} failed (${(error as Error).message}); retrying for up to ${s.publishRetryMs / 1000} s`,
          );
        }
        await sleep(Math.min(1000, 100 * attempt));
      }
    }
  }
}
