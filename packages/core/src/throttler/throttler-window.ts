import type { ThrottlerStorageRecord } from './throttler.interfaces';

/**
 * The state of one key: a fixed window of hits and, past the limit, a block. Plain data, so
 * that the shared-memory storage can keep it in the pool.
 */
export interface ThrottlerWindow {
  hits: number;
  /** When the window ends (ms since the epoch). */
  expiresAt: number;
  /** When the block ends; 0 when not blocked. */
  blockedUntil: number;
}

/**
 * Counts one hit in `current` (undefined for a new key) at `now`: the next state and what
 * the storage answers. The one rule both storages share.
 */
export function countHit(
  current: ThrottlerWindow | undefined,
  now: number,
  ttl: number,
  limit: number,
  blockDuration: number,
): { window: ThrottlerWindow; record: ThrottlerStorageRecord } {
  const blocked = current !== undefined && current.blockedUntil > now;
  const live = current !== undefined && (blocked || current.expiresAt > now);
  const window: ThrottlerWindow = live
    ? { ...current }
    : { hits: 0, expiresAt: now + ttl, blockedUntil: 0 };
  if (!blocked) {
    window.hits += 1;
    if (window.hits > limit) {
      window.blockedUntil = now + blockDuration;
    }
  }
  const isBlocked = window.blockedUntil > now;
  return {
    window,
    record: {
      totalHits: window.hits,
      timeToExpire: Math.max(0, window.expiresAt - now),
      isBlocked,
      timeToBlockExpire: isBlocked ? window.blockedUntil - now : 0,
    },
  };
}

/** How long a key must be kept: until its window and its block have both ended. */
export function windowLifetime(window: ThrottlerWindow, now: number): number {
  return Math.max(window.expiresAt, window.blockedUntil) - now;
}
