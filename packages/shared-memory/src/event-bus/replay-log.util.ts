import type { LoggedEvent } from '../event-log/pool-event-log';
import type { SharedMemoryPool } from '../pool/shared-memory-pool';
import { createMatcher } from '../pool/pattern-matcher';
import type { EventEnvelope } from './event-envelope.interface';
import { acceptedEvents } from './subscription';

/**
 * The retained log events a new subscriber asked for, oldest first, up to `upTo`: those from
 * position `from` on, or the last `last` that match. Lazy: the log is read, and a
 * value decoded, only as far as the caller iterates, so a replay of a large log can be
 * stopped after a few events without holding the rest.
 */
export function* replayLog(
  pool: SharedMemoryPool,
  wants: (seq: number, event: string) => boolean,
  { from, last }: { from?: number; last?: number },
  upTo: number,
): Generator<EventEnvelope> {
  if (last !== undefined && last > 0) {
    const picked: LoggedEvent[] = [];
    for (const logged of pool.events.readBackwards()) {
      if (logged.seq > upTo || !wants(logged.seq, logged.record.name)) continue;
      picked.unshift(logged);
      if (picked.length >= last) break;
    }
    for (const logged of picked) yield envelopeOf(pool, logged);
  } else if (from !== undefined) {
    for (const logged of pool.events.read(from)) {
      if (logged.seq > upTo) break;
      if (wants(logged.seq, logged.record.name)) {
        yield envelopeOf(pool, logged);
      }
    }
  }
}

/**
 * The events of `pool`'s log that match `pattern`, oldest first, from sequence number
 * `from` (or the last `last`) to `upTo` (default: the newest there is now), read lazily:
 * iterate as far as needed. For tools that read history (`mvent events tail --from`)
 * without subscribing.
 *
 * @publicApi
 */
export function readEventLog(
  pool: SharedMemoryPool,
  pattern: string,
  { upTo = pool.events.tail() - 1, ...range }: ReadEventLogRange,
): Generator<EventEnvelope> {
  const accepts = acceptedEvents(pattern, createMatcher(pattern));
  return replayLog(pool, (_seq, event) => accepts(event), range, upTo);
}

/** Which events {@link readEventLog} reads. @publicApi */
export interface ReadEventLogRange {
  /** From this sequence number on. */
  from?: number;
  /** The last this many that match (instead of `from`). */
  last?: number;
  /** Up to this sequence number. @default the newest now */
  upTo?: number;
}

function envelopeOf(
  pool: SharedMemoryPool,
  { seq, record }: LoggedEvent,
): EventEnvelope {
  return {
    seq,
    event: record.name,
    value: pool.decodeLogValue(record),
    ts: record.timestamp,
    origin: record.pid,
    replayed: true,
  };
}
