import { inspect } from 'node:util';
import type { ObservedCall } from '@mvent/core';
import { RecentCalls } from './recent-calls';
import type {
  EventStats,
  HandlerError,
  HandlerStats,
  MemoryStats,
  RpcRouteStats,
  StatsSnapshot,
} from './stats.interface';
import { DURATION_BUCKETS_MS } from './stats.interface';

const RATE_WINDOW_SECONDS = 10;
const DURATION_SAMPLES = 1024;
const MAX_ERROR_CHARS = 300;
/**
 * Event names and handlers tracked at most, each: the least recently used beyond it are
 * dropped, so that an app with ever new event names neither grows its heap nor writes an ever
 * larger snapshot into the pool each second (measured: 2.7 MB and 262 ms a heartbeat at 50k).
 */
export const MAX_TRACKED_NAMES = 1000;
/**
 * Characters of a name kept in the statistics: longer names are cut (and end in `…`), so that
 * a snapshot stays under about a megabyte however long the names (1,000 names of 60 KB once
 * made each heartbeat write 57 MB).
 */
export const MAX_TRACKED_NAME_CHARS = 200;

class EventCounter {
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
class DurationHistogram {
  sumMs = 0;
  readonly buckets = new Array<number>(DURATION_BUCKETS_MS.length + 1).fill(0);

  observe(durationMs: number): void {
    this.sumMs += durationMs;
    const index = DURATION_BUCKETS_MS.findIndex(bound => durationMs <= bound);
    this.buckets[index === -1 ? DURATION_BUCKETS_MS.length : index] += 1;
  }
}

class HandlerCounter {
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

/**
 * The automatic monitoring of one process (mvent's MonitoringTools): per event, emits,
 * deliveries and rate; per handler, calls, errors and p50/p95 over the last 1024 calls; for
 * the {@link MAX_TRACKED_NAMES} most recently used of each.
 */
export class StatsRecorder {
  gaps = 0;
  abandoned = 0;
  eventsRead = 0;
  /** Event names and handlers whose statistics were dropped to stay within the bound. */
  dropped = 0;
  private readonly events = new Map<string, EventCounter>();
  private readonly handlers = new Map<string, HandlerCounter>();
  private readonly routes = new Map<
    string,
    { statuses: Record<number, number>; histogram: DurationHistogram }
  >();
  private readonly recentCalls = new RecentCalls();

  countEmit(event: string): void {
    this.event(event).countEmit(currentSecond());
  }

  countDelivery(event: string): void {
    this.event(event).delivered += 1;
  }

  /** Counts one call of `handler`; `error` is what it threw (`undefined` when it did not). */
  recordCall(handler: string, durationMs: number, error: unknown): void {
    this.handler(handler).record(durationMs, error);
  }

  /** Counts one RPC call of `route` on `transport` (reported by core's `CallObservers`). */
  recordRpcCall(call: ObservedCall): void {
    const { transport, route, statusCode, durationMs } = call;
    this.recentCalls.add(call);
    const counter = this.recent(
      this.routes,
      `${transport} ${route}`,
      (): {
        statuses: Record<number, number>;
        histogram: DurationHistogram;
      } => ({
        statuses: {},
        histogram: new DurationHistogram(),
      }),
    );
    counter.statuses[statusCode] = (counter.statuses[statusCode] ?? 0) + 1;
    counter.histogram.observe(durationMs);
  }

  rpcStats(): Record<string, RpcRouteStats> {
    return Object.fromEntries(
      [...this.routes].map(([key, { statuses, histogram }]) => {
        const space = key.indexOf(' ');
        const stats: RpcRouteStats = {
          transport: key.slice(0, space),
          route: key.slice(space + 1),
          statuses: { ...statuses },
          sumMs: histogram.sumMs,
          buckets: [...histogram.buckets],
        };
        return [key, stats];
      }),
    );
  }

  countInvalid(handler: string): void {
    this.handler(handler).invalid += 1;
  }

  countRefused(handler: string): void {
    this.handler(handler).refused += 1;
  }

  eventStats(): Record<string, EventStats> {
    const now = currentSecond();
    return Object.fromEntries(
      [...this.events].map(([name, c]) => [
        name,
        {
          emitted: c.emitted,
          delivered: c.delivered,
          ratePerSecond: c.rate(now),
        },
      ]),
    );
  }

  handlerStats(): Record<string, HandlerStats> {
    return Object.fromEntries(
      [...this.handlers].map(([name, c]) => [
        name,
        {
          calls: c.calls,
          errors: c.errors,
          invalid: c.invalid,
          refused: c.refused,
          p50Ms: c.percentile(50),
          p95Ms: c.percentile(95),
          sumMs: c.histogram.sumMs,
          buckets: [...c.histogram.buckets],
          ...(c.lastError && { lastError: c.lastError }),
        },
      ]),
    );
  }

  snapshot(subscriptions: number, readUpTo: number): StatsSnapshot {
    const memory: MemoryStats = {
      gaps: this.gaps,
      abandoned: this.abandoned,
      eventsRead: this.eventsRead,
      subscriptions,
      statsDropped: this.dropped,
      readUpTo,
    };
    return {
      pid: process.pid,
      events: this.eventStats(),
      handlers: this.handlerStats(),
      rpc: this.rpcStats(),
      recentRpc: this.recentCalls.list(),
      memory,
    };
  }

  private event(name: string): EventCounter {
    return this.recent(this.events, name, () => new EventCounter());
  }

  private handler(name: string): HandlerCounter {
    return this.recent(this.handlers, name, () => new HandlerCounter());
  }

  /** The counter of `key`, moved to the most recent end of `map` (a Map keeps insertion order). */
  private recent<V>(map: Map<string, V>, name: string, create: () => V): V {
    const key =
      name.length > MAX_TRACKED_NAME_CHARS
        ? `${name.slice(0, MAX_TRACKED_NAME_CHARS - 1)}…`
        : name;
    let value = map.get(key);
    if (value === undefined) {
      value = create();
      if (map.size >= MAX_TRACKED_NAMES) {
        map.delete(map.keys().next().value!);
        this.dropped += 1;
      }
    } else {
      map.delete(key);
    }
    map.set(key, value);
    return value;
  }
}

function currentSecond(): number {
  return Math.floor(Date.now() / 1000);
}
