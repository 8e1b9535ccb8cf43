import type { ObservedCall } from '@mvent/core';
import { RecentCalls } from './recent-calls';
import type { RouteCounter, Tracked } from './stats-counters';
import {
  DurationHistogram,
  EventCounter,
  HandlerCounter,
} from './stats-counters';
import type {
  EventStats,
  HandlerStats,
  MemoryStats,
  RpcRouteStats,
  StatsSnapshot,
} from './stats.interface';

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
  private readonly routes = new Map<string, RouteCounter>();
  private readonly recentCalls = new RecentCalls();
  /** Uses of counters so far: a counter's `lastUse` is this count when it was last used. */
  private uses = 0;

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
      (): RouteCounter => ({
        lastUse: 0,
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

  /**
   * The counter of `name` in `map`, marked as used now. A new name beyond
   * {@link MAX_TRACKED_NAMES} replaces the least recently used one (counted as dropped).
   *
   * Why a use tick, not a Map kept in order by delete-and-set: that re-insertion on every
   * event filled V8's hash table with deleted slots and rehashed it, a fifth of a
   * subscriber's time at 130k events/s. A tick costs a store; the scan happens only when a
   * new name arrives at a full map.
   */
  private recent<V extends Tracked>(
    map: Map<string, V>,
    name: string,
    create: () => V,
  ): V {
    const key =
      name.length > MAX_TRACKED_NAME_CHARS
        ? `${name.slice(0, MAX_TRACKED_NAME_CHARS - 1)}…`
        : name;
    let value = map.get(key);
    if (value === undefined) {
      if (map.size >= MAX_TRACKED_NAMES) {
        map.delete(this.leastRecentlyUsed(map));
        this.dropped += 1;
      }
      value = create();
      map.set(key, value);
    }
    value.lastUse = ++this.uses;
    return value;
  }

  private leastRecentlyUsed(map: Map<string, Tracked>): string {
    let oldest = '';
    let oldestUse = Infinity;
    for (const [key, { lastUse }] of map) {
      if (lastUse < oldestUse) [oldest, oldestUse] = [key, lastUse];
    }
    return oldest;
  }
}

function currentSecond(): number {
  return Math.floor(Date.now() / 1000);
}
