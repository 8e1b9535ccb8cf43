import type {
  EventStats,
  MemoryEventBus,
  HandlerStats,
  MemoryStats,
  RpcRouteStats,
  StatsSnapshot,
} from '@mvent/shared-memory';

/**
 * The statistics of every process attached to a pool, summed: what one process's
 * `getAggregatedStats()` reads from the pool (each process publishes its own once a second).
 *
 * @publicApi
 */
export interface PoolTotals {
  processes: number;
  events: Record<string, Pick<EventStats, 'emitted' | 'delivered'>>;
  handlers: Record<
    string,
    Pick<
      HandlerStats,
      | 'calls'
      | 'errors'
      | 'invalid'
      | 'refused'
      | 'sumMs'
      | 'buckets'
      | 'lastError'
    >
  >;
  rpc: Record<string, RpcRouteStats>;
  memory: Required<
    Pick<MemoryStats, 'gaps' | 'abandoned' | 'eventsRead' | 'subscriptions'>
  >;
}

/**
 * Sums `snapshots` (one per live process) and the counters of the processes that left
 * (`retired`) into {@link PoolTotals}: without `retired`, a total drops when a process
 * exits, which Prometheus reads as a counter reset. See {@link sumStatsForTotals}.
 */
export function sumSnapshots(
  snapshots: StatsSnapshot[],
  retired?: StatsSnapshot,
): PoolTotals {
  const totals: PoolTotals = {
    processes: snapshots.length,
    events: {},
    handlers: {},
    rpc: {},
    memory: { gaps: 0, abandoned: 0, eventsRead: 0, subscriptions: 0 },
  };
  for (const snapshot of retired ? [...snapshots, retired] : snapshots) {
    for (const [name, stats] of Object.entries(snapshot.events ?? {})) {
      const sum = (totals.events[name] ??= { emitted: 0, delivered: 0 });
      sum.emitted += stats.emitted;
      sum.delivered += stats.delivered;
    }
    for (const [name, stats] of Object.entries(snapshot.handlers ?? {})) {
      const sum = (totals.handlers[name] ??= {
        calls: 0,
        errors: 0,
        invalid: 0,
        refused: 0,
        sumMs: 0,
        buckets: [],
      });
      sum.calls += stats.calls;
      sum.errors += stats.errors;
      sum.invalid += stats.invalid;
      sum.refused += stats.refused;
      sum.sumMs += stats.sumMs ?? 0;
      sum.buckets = addCounts(sum.buckets, stats.buckets ?? []);
      // The latest error of any process.
      if (stats.lastError && stats.lastError.at >= (sum.lastError?.at ?? 0)) {
        sum.lastError = stats.lastError;
      }
    }
    for (const [key, stats] of Object.entries(snapshot.rpc ?? {})) {
      const sum = (totals.rpc[key] ??= {
        transport: stats.transport,
        route: stats.route,
        statuses: {},
        sumMs: 0,
        buckets: [],
      });
      for (const [status, count] of Object.entries(stats.statuses)) {
        sum.statuses[Number(status)] =
          (sum.statuses[Number(status)] ?? 0) + count;
      }
      sum.sumMs += stats.sumMs;
      sum.buckets = addCounts(sum.buckets, stats.buckets);
    }
    totals.memory.gaps += snapshot.memory.gaps;
    totals.memory.abandoned += snapshot.memory.abandoned ?? 0;
    totals.memory.eventsRead += snapshot.memory.eventsRead;
    totals.memory.subscriptions += snapshot.memory.subscriptions;
  }
  return totals;
}

function addCounts(a: readonly number[], b: readonly number[]): number[] {
  return Array.from(
    { length: Math.max(a.length, b.length) },
    (_, i) => (a[i] ?? 0) + (b[i] ?? 0),
  );
}

/**
 * The pool's totals as `bus` reads them in one pass (`getStatsForTotals()`): counters
 * that never go down when a process exits or dies.
 *
 * @publicApi
 */
export function sumStatsForTotals(bus: MemoryEventBus): PoolTotals {
  const { live, left } = bus.getStatsForTotals();
  return sumSnapshots(live, left);
}
