import { performance } from 'node:perf_hooks';

/**
 * Deadlines of many pending requests on one timer: it fires at the earliest, expires what is
 * due and re-arms for the next. Setting or clearing a deadline is a map update, where a
 * timer per request costs an allocation and two timer-list updates. While deadlines are
 * pending, the timer keeps the process alive, as a timer of their own would.
 */
export class Deadlines<K> {
  private readonly due = new Map<K, number>();
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Number.POSITIVE_INFINITY;

  /** @param expire called once for each key whose deadline passed */
  constructor(private readonly expire: (key: K) => void) {}

  /** Sets (or moves) `key`'s deadline to `ms` from now. */
  set(key: K, ms: number): void {
    const at = performance.now() + ms;
    this.due.set(key, at);
    if (at < this.armedFor) this.arm(at);
    else this.timer?.ref();
  }

  /** Forgets `key`'s deadline. */
  delete(key: K): void {
    this.due.delete(key);
    // The timer may still fire, and find nothing due; it no longer holds the process.
    if (this.due.size === 0) this.timer?.unref();
  }

  /** Forgets every deadline and stops the timer. */
  clear(): void {
    this.due.clear();
    clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
  }

  private arm(at: number): void {
    clearTimeout(this.timer);
    this.armedFor = at;
    this.timer = setTimeout(this.fire, Math.max(0, at - performance.now()));
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    const now = performance.now();
    let next = Number.POSITIVE_INFINITY;
    for (const [key, at] of this.due) {
      if (at <= now) {
        this.due.delete(key);
        this.expire(key);
      } else {
        next = Math.min(next, at);
      }
    }
    if (next < Number.POSITIVE_INFINITY) this.arm(next);
  };
}
