import type { SharedMemoryPool } from '../pool/shared-memory-pool';
import type { EventEnvelope } from './event-envelope.interface';

/**
 * The current values of the keys a new subscriber matches, as envelopes marked
 * `replayed`, for `replay: 'latest'`.
 */
export function replayLatest(
  pool: SharedMemoryPool,
  matches: (name: string) => boolean,
): EventEnvelope[] {
  return pool.keys().flatMap(key => {
    const entry = matches(key)
      ? pool.get(key, { withMetadata: true })
      : undefined;
    return entry
      ? [
          {
            seq: 0,
            event: key,
            value: entry.value,
            ts: entry.updatedAt,
            origin: entry.writerPid,
            replayed: true,
          },
        ]
      : [];
  });
}
