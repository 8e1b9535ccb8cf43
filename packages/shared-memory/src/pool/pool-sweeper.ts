import { SWEEPER_LEASE_MS } from '../constants';
import type { LmdbStore } from './lmdb-store';

interface SweeperLease {
  pid: number;
  until: number;
}

const SWEEPER_META = 'sweeper';

/**
 * Takes or renews the sweeper lease unless another live process holds it: one process at a
 * time sweeps. Call inside a write transaction.
 */
export function holdSweeperLease(store: LmdbStore, now: number): boolean {
  const lease = store.getMeta<SweeperLease>(SWEEPER_META);
  if (lease && lease.pid !== process.pid && lease.until > now) {
    return false;
  }
  store.putMeta(SWEEPER_META, {
    pid: process.pid,
    until: now + SWEEPER_LEASE_MS,
  });
  return true;
}

/** Gives the lease up if this process holds it. Call inside a write transaction. */
export function releaseSweeperLease(store: LmdbStore): void {
  if (store.getMeta<SweeperLease>(SWEEPER_META)?.pid === process.pid) {
    store.putMeta(SWEEPER_META, { pid: 0, until: 0 });
  }
}

/** Removes expired entries, through the expiry index. Call inside a write transaction. */
export function sweep(store: LmdbStore, now: number): void {
  const state = store.readState();
  for (const { key, expiresAt } of [...store.expiredKeys(now)]) {
    const size = store.entrySize(key);
    if (size > 0) {
      state.bytes -= size + Buffer.byteLength(key);
      state.expired += 1;
      store.removeEntry(key);
    }
    store.reindexExpiry(key, expiresAt, 0);
  }
  store.writeState(state);
}
