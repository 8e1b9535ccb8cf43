/** The counters behind `StatsRecorder`: one per event name, handler and RPC route. */
import { inspect } from 'node:util';
import type { HandlerError } from './stats.interface';
import { DURATION_BUCKETS_MS } from './stats.interface';

const RATE_WINDOW_SECONDS = 10;
const DURATION_SAMPLES = 1024;
const MAX_ERROR_CHARS = 300;

/** A counter kept for one name, with when it was last used (see `StatsRecorder.recent`). */
export interface Tracked {
  lastUse: number;
}

/** One event name's emits, deliveries and emits per second over the last 10 seconds. */
export class EventCounter implements Tracked {
  lastUse = 0;
  emitted = 0;
  delivered = 0;
  private readonly buckets = new Array<number>(RATE_WINDOW_SECONDS).fill(0);
  private bucketSecond = 0;

  countEmit(nowSecond: number): void {
    this.emitted += 1;
    this.advance(nowSecond);
    this.buckets[nowSecond % RATE_WINDOW_SECONDS] += 1;
  }

  rate(nowSecond: number): number {
    this.advance(nowSecond);
    return (
      this.buckets.reduce((sum, count) => sum + count, 0) / RATE_WINDOW_SECONDS
    );
  }

  /** Zeroes the buckets of the seconds that passed since the last count. */
  private advance(nowSecond: number): void {
    const elapsed = Math.min(
      nowSecond - this.bucketSecond,
      RATE_WINDOW_SECONDS,
    );
    for (let i = 1; i <= elapsed; i++) {
      this.buckets[(this.bucketSecond + i) % RATE_WINDOW_SECONDS] = 0;
    }
    this.bucketSecond = nowSecond;
  }
}

/** Counts of durations per bucket of {@link DURATION_BUCKETS_MS} (the last: above them all). */
export class DurationHistogram {
  sumMs = 0;
  readonly buckets = new Array<number>(DURATION_BUCKETS_MS.length + 1).fill(0);

  observe(durationMs: number): void {
    this.sumMs += durationMs;
    const index = DURATION_BUCKETS_MS.findIndex(bound => durationMs <= bound);
    this.buckets[index === -1 ? DURATION_BUCKETS_MS.length : index] += 1;
  }
}

/** One RPC route's calls by status code, and their durations. */
export interface RouteCounter extends Tracked {
  statuses: Record<number, number>;
  histogram: DurationHistogram;
}

/** One handler's calls, errors and durations (the last 1,024 kept for percentiles). */
export class HandlerCounter implements Tracked {
  lastUse = 0;
  calls = 0;
  errors = 0;
  invalid = 0;
  refused = 0;
  lastError: HandlerError | undefined;
  readonly histogram = new DurationHistogram();
  private readonly durations = new Float64Array(DURATION_SAMPLES);

  /** Counts one call; `error` is what it threw (`undefined` when it did not). */
  record(durationMs: number, error: unknown): void {
    this.durations[this.calls % DURATION_SAMPLES] = durationMs;
    this.calls += 1;
    this.histogram.observe(durationMs);
    if (error !== undefined) {
      this.errors += 1;
      const message = error instanceof Error ? error.message : inspect(error);
      this.lastError = {
        message: message.slice(0, MAX_ERROR_CHARS),
        at: Date.now(),
      };
    }
  }

  percentile(p: number): number {
    const count = Math.min(this.calls, DURATION_SAMPLES);
    if (count === 0) {
      return 0;
    }
    const sorted = this.durations.slice(0, count).sort();
    return sorted[Math.min(count - 1, Math.floor((p / 100) * count))];
  }
}
