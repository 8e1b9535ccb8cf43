/**
 * The sequences a subscriber handled and acknowledged lately. An acknowledgement lost in a
 * failover makes the server deliver the event again; the subscriber then acknowledges it
 * without calling the handler a second time.
 */
export class RecentSequences {
  private readonly seen = new Set<number>();

  constructor(private readonly capacity = 100_000) {}

  has(seq: number): boolean {
    return this.seen.has(seq);
  }

  add(seq: number): void {
    this.seen.add(seq);
    if (this.seen.size > this.capacity) {
      // Sets iterate in insertion order: drop the oldest.
      this.seen.delete(this.seen.values().next().value!);
    }
  }
}
