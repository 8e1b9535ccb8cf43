import type { ThrottlerWindow } from './throttler-window';
import { countHit, windowLifetime } from './throttler-window';
import type {
  ThrottlerStorage,
  ThrottlerStorageRecord,
} from './throttler.interfaces';

/** Keys kept before expired ones are swept. */
const SWEEP_AT = 10_000;

/**
 * Counts hits in this process's memory: limits hold per process. With `SharedMemoryModule`
 * imported, the throttler counts in the pool instead, across processes.
 *
 * @publicApi
 */
export class InMemoryThrottlerStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, ThrottlerWindow>();

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
  ): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    if (this.windows.size >= SWEEP_AT) this.sweep(now);
    const { window, record } = countHit(
      this.windows.get(key),
      now,
      ttl,
      limit,
      blockDuration,
    );
    this.windows.set(key, window);
    return Promise.resolve(record);
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) {
      if (windowLifetime(window, now) <= 0) this.windows.delete(key);
    }
  }
}
