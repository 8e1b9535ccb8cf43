/**
 * The events a subscriber handled and acknowledged lately, by the broker's own id of each
 * (a JetStream stream sequence, a Redis stream entry id), never by a field of the payload,
 * which anyone who can publish could forge. An acknowledgement lost in a failover makes the
 * server deliver the event again; the subscriber then acknowledges it without calling the
 * handler a second time.
 */
export class RecentSequences<K extends number | string = number> {
  private readonly seen = new Set<K>();

  constructor(private readonly capacity = 100_000) {}

  has(seq: K): boolean {
    return this.seen.has(seq);
  }

  /** Forgets everything: the broker lost its data, and its ids start afresh. */
  clear(): void {
    this.seen.clear();
  }

  add(seq: K): void {
    this.seen.add(seq);
    if (this.seen.size > this.capacity) {
      // Sets iterate in insertion order: drop the oldest.
      this.seen.delete(this.seen.values().next().value!);
    }
  }
}
