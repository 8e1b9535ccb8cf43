import type { ProcessRecord } from '../pool/process-record';

/** How long a process may emit into a pool where nothing subscribes before it is told. */
export const UNHEARD_AFTER_MS = 10_000;

/**
 * Notices a process that keeps emitting into a pool where no process subscribes, the sign of
 * a consumer that opened another pool (a wrong name or `dir`): the emits succeed, into a pool
 * nobody reads, and nothing else would say so. Checked about once a second; says it once.
 */
export class UnheardEmits {
  /** Emits by this process so far. */
  emitted = 0;
  private quietSince: { at: number; emitted: number } | undefined;
  private said = false;

  /**
   * The warning to log, once, when this process emitted for {@link UNHEARD_AFTER_MS} while
   * no process of the pool subscribed to anything.
   */
  check(
    pool: { name: string; path: string },
    localSubscriptions: number,
    peers: ProcessRecord[],
    now = Date.now(),
  ): string | undefined {
    // A peer that has not published its statistics yet may subscribe: assume it does.
    const heard =
      localSubscriptions > 0 ||
      peers.some(peer => (peer.stats?.memory.subscriptions ?? 1) > 0);
    if (this.said || heard || this.emitted === 0) {
      this.quietSince = undefined;
      return undefined;
    }
    this.quietSince ??= { at: now, emitted: this.emitted };
    if (now - this.quietSince.at < UNHEARD_AFTER_MS) return undefined;
    const count = this.emitted - this.quietSince.emitted;
    if (count === 0) return undefined;
    this.said = true;
    return `Pool "${pool.name}" (${pool.path}): this process emitted ${count} events in the last ${Math.round((now - this.quietSince.at) / 1000)} s, and no process of this pool subscribes to anything, so no handler receives them (their values are still there for get()). If a consumer should, check that it opens the same pool name and dir.`;
  }
}
