import type { RedisContext } from './redis-transport';

/** A stream entry as ioredis returns it: the id, then field, value, field, value. */
export type Entry = [id: string, fields: string[]];

/** Entries read, or taken over, at once. */
export const BATCH = 100;

/** Who reclaims, and what to do with each entry taken over. */
export interface Reclaimer {
  group: string;
  consumer: string;
  ackWait: number;
  closed(): boolean;
  /** Handles an entry taken over; `attempt` is its delivery count. */
  deliver(entry: Entry, attempt: number): Promise<void>;
}

/**
 * One reclaim pass: takes over (`XAUTOCLAIM`) the group's entries idle for `3/4 × ackWait`
 * (a thrown handler's, a dead member's) and delivers them with their delivery counts
 * (`XPENDING`). With a pass every `ackWait / 4`, a dead member's event is back within
 * `ackWait`; a live slow handler's entry is re-claimed every `ackWait / 4`, so it never looks
 * idle that long.
 */
export async function reclaimIdleEntries(
  { client, keys }: RedisContext,
  reclaimer: Reclaimer,
): Promise<void> {
  const { group, consumer } = reclaimer;
  let cursor = '0-0';
  do {
    const [next, entries] = (await client.xautoclaim(
      keys.events,
      group,
      consumer,
      Math.round((reclaimer.ackWait * 3) / 4),
      cursor,
      'COUNT',
      BATCH,
    )) as [string, Entry[]];
    cursor = next;
    if (entries.length === 0) continue;
    const pending = (await client.xpending(
      keys.events,
      group,
      entries[0][0],
      entries[entries.length - 1][0],
      entries.length * 2,
      consumer,
    )) as [string, string, number, number][];
    const deliveries = new Map(pending.map(([id, , , count]) => [id, count]));
    for (const entry of entries) {
      if (reclaimer.closed()) return;
      await reclaimer.deliver(entry, deliveries.get(entry[0]) ?? 2);
    }
  } while (cursor !== '0-0' && !reclaimer.closed());
}
