import type {
  HandlerStats,
  RpcRouteStats,
  StatsSnapshot,
} from './stats.interface';
import { RECENT_RPC_CALLS } from './stats.interface';

/** Names kept per kind (events, handlers, routes) in the retired totals, as in each process. */
const MAX_NAMES = 1000;

/**
 * The counters of processes that left a pool, summed, with `sign` 1 to add a leaving
 * process's last snapshot and -1 to take back one that was retired too early (a live
 * process reaped while its event loop was blocked, which then comes back). Totals are the
 * live processes' snapshots plus these, so a counter never goes down when a process exits.
 * Gauges (rates, percentiles, subscriptions) are not summed. Names beyond 1,000 per kind
 * are dropped and counted in `memory.statsDropped`.
 */
export function retireSnapshot(
  retired: StatsSnapshot | undefined,
  snapshot: StatsSnapshot,
  sign: 1 | -1 = 1,
): StatsSnapshot {
  const into: StatsSnapshot = retired ?? {
    pid: 0,
    events: {},
    handlers: {},
    rpc: {},
    memory: {
      gaps: 0,
      abandoned: 0,
      eventsRead: 0,
      subscriptions: 0,
      statsDropped: 0,
    },
  };
  const room = (names: object, name: string) =>
    name in names || Object.keys(names).length < MAX_NAMES;
  let dropped = 0;
  for (const [name, stats] of Object.entries(snapshot.events ?? {})) {
    if (!room(into.events, name)) {
      dropped++;
      continue;
    }
    const sum = (into.events[name] ??= {
      emitted: 0,
      delivered: 0,
      ratePerSecond: 0,
    });
    sum.emitted += sign * stats.emitted;
    sum.delivered += sign * stats.delivered;
  }
  for (const [name, stats] of Object.entries(snapshot.handlers ?? {})) {
    if (!room(into.handlers, name)) {
      dropped++;
      continue;
    }
    addHandler((into.handlers[name] ??= emptyHandler()), stats, sign);
  }
  for (const [key, stats] of Object.entries(snapshot.rpc ?? {})) {
    if (!room(into.rpc, key)) {
      dropped++;
      continue;
    }
    addRoute(
      (into.rpc[key] ??= {
        transport: stats.transport,
        route: stats.route,
        statuses: {},
        sumMs: 0,
        buckets: [],
      }),
      stats,
      sign,
    );
  }
  const memory = snapshot.memory;
  into.memory.gaps += sign * (memory?.gaps ?? 0);
  into.memory.abandoned =
    (into.memory.abandoned ?? 0) + sign * (memory?.abandoned ?? 0);
  into.memory.eventsRead += sign * (memory?.eventsRead ?? 0);
  into.memory.statsDropped += sign * (memory?.statsDropped ?? 0) + dropped;
  return into;
}

function emptyHandler(): HandlerStats {
  return {
    calls: 0,
    errors: 0,
    invalid: 0,
    refused: 0,
    p50Ms: 0,
    p95Ms: 0,
    sumMs: 0,
    buckets: [],
  };
}

function addHandler(sum: HandlerStats, stats: HandlerStats, sign: number) {
  sum.calls += sign * stats.calls;
  sum.errors += sign * stats.errors;
  sum.invalid += sign * stats.invalid;
  sum.refused += sign * stats.refused;
  sum.sumMs += sign * (stats.sumMs ?? 0);
  sum.buckets = addCounts(sum.buckets, stats.buckets ?? [], sign);
  if (sign === 1 && stats.lastError) sum.lastError = stats.lastError;
}

function addRoute(sum: RpcRouteStats, stats: RpcRouteStats, sign: number) {
  for (const [status, count] of Object.entries(stats.statuses)) {
    sum.statuses[Number(status)] =
      (sum.statuses[Number(status)] ?? 0) + sign * count;
  }
  sum.sumMs += sign * stats.sumMs;
  sum.buckets = addCounts(sum.buckets, stats.buckets, sign);
}

/** `a + sign × b`, bucket by bucket. */
function addCounts(
  a: readonly number[],
  b: readonly number[],
  sign = 1,
): number[] {
  return Array.from(
    { length: Math.max(a.length, b.length) },
    (_, i) => (a[i] ?? 0) + sign * (b[i] ?? 0),
  );
}

/**
 * One snapshot for a process with several buses on one pool: their counters summed, their
 * subscriptions too, the log position of the one furthest behind, and their latest RPC
 * calls. Rates and percentiles, which do not sum, read 0.
 */
export function combineSnapshots(snapshots: StatsSnapshot[]): StatsSnapshot {
  if (snapshots.length === 1) return snapshots[0];
  let sum: StatsSnapshot | undefined;
  for (const snapshot of snapshots) sum = retireSnapshot(sum, snapshot);
  const positions = snapshots
    .filter(s => s.memory.subscriptions > 0 && s.memory.readUpTo !== undefined)
    .map(s => s.memory.readUpTo!);
  return {
    ...sum!,
    pid: process.pid,
    recentRpc: snapshots
      .flatMap(s => s.recentRpc ?? [])
      .sort((a, b) => a.at - b.at)
      .slice(-RECENT_RPC_CALLS),
    memory: {
      ...sum!.memory,
      subscriptions: snapshots.reduce((n, s) => n + s.memory.subscriptions, 0),
      readUpTo: positions.length > 0 ? Math.min(...positions) : undefined,
    },
  };
}
