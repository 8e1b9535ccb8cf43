/** At most this many acknowledgements wait for the server before the next event is handled. */
const MAX_PENDING = 1024;

/**
 * Acknowledgements on their way to the server. Handlers still run one at a time, in order,
 * but the next event does not wait for the previous one's acknowledgement to be confirmed,
 * so a subscriber is not held to one round trip per event. A subscription that closes waits
 * for them all.
 */
export class PendingAcks {
  private readonly pending = new Set<Promise<void>>();

  /** Tracks `ack`; waits first when too many are already on their way. */
  async track(ack: Promise<void>): Promise<void> {
    const tracked = ack.finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
    if (this.pending.size >= MAX_PENDING) await Promise.race(this.pending);
  }

  /** Resolves once every tracked acknowledgement has settled. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }
}
