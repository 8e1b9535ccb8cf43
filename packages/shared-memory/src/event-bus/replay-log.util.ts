import type { LoggedEvent, SharedMemoryPool } from '../pool/shared-memory-pool';
import type { EventEnvelope } from './event-envelope.interface';

/**
 * The retained log events a new subscriber asked for, oldest first, up to `upTo`: those from
 * sequence number `from` on, or the last `last` that match.
 */
export function replayLog(
  pool: SharedMemoryPool,
  wants: (seq: number, event: string) => boolean,
  { from, last }: { from?: number; last?: number },
  upTo: number,
): EventEnvelope[] {
  const picked: LoggedEvent[] = [];
  if (last !== undefined && last > 0) {
    for (const logged of pool.readLogBackwards()) {
      if (logged.seq > upTo || !wants(logged.seq, logged.record.name)) continue;
      picked.unshift(logged);
      if (picked.length >= last) break;
    }
  } else if (from !== undefined) {
    for (const logged of pool.readLog(from)) {
      if (logged.seq > upTo) break;
      if (wants(logged.seq, logged.record.name)) picked.push(logged);
    }
  }
  return picked.map(({ seq, record }) => ({
    seq,
    event: record.name,
    value: pool.decodeLogValue(seq, record),
    ts: record.timestamp,
    origin: record.pid,
    replayed: true,
  }));
}
