import type {
  ThrottlerStorage,
  ThrottlerStorageRecord,
  ThrottlerWindow,
} from '@mvent/core';
import { countHit } from '@mvent/core';
import type { SharedMemoryPool } from '../pool/shared-memory-pool';

/** Where the counters live in the pool. */
const KEY_PREFIX = 'mvent.throttler.';

/**
 * Counts throttler hits in the shared-memory pool, so that a limit holds across every
 * process attached to it. Each hit is one atomic `pool.update`; a key expires with its window
 * and block. `SharedMemoryModule` provides it under `THROTTLER_STORAGE`, which
 * `ThrottlerGuard` picks up by itself.
 *
 * @publicApi
 */
export class SharedMemoryThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly pool: SharedMemoryPool) {}

  /** One atomic update of the key's window; a pool error (full, closed) rejects. */
  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
  ): Promise<ThrottlerStorageRecord> {
    // The executor throws if the update fails, which rejects the Promise.
    return new Promise(resolve => {
      const now = Date.now();
      let record: ThrottlerStorageRecord | undefined;
      this.pool.update<ThrottlerWindow>(
        KEY_PREFIX + key,
        current => {
          const counted = countHit(
            asWindow(current),
            now,
            ttl,
            limit,
            blockDuration,
          );
          record = counted.record;
          return counted.window;
        },
        { ttl: Math.max(ttl, blockDuration) },
      );
      resolve(record!);
    });
  }
}

/** A value planted under a counter's key counts as no window. */
function asWindow(value: unknown): ThrottlerWindow | undefined {
  const window = value as Partial<ThrottlerWindow> | undefined;
  return typeof window?.hits === 'number' &&
    typeof window.expiresAt === 'number' &&
    typeof window.blockedUntil === 'number'
    ? (window as ThrottlerWindow)
    : undefined;
}
