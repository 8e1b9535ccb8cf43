import type { MemoryEventBus, RecentRpcCall } from '@mvent/shared-memory';
import type { RequestCounter } from '@mvent/syft-events';
import { sumStatsForTotals } from '@mvent/metrics';
import type { HandlerRow, ProcessRow } from './dashboard-tables';
import {
  bucketPercentile,
  handlerRows,
  processRows,
  recentCallRows,
} from './dashboard-tables';

/** What the dashboard page draws, read once a second. */
export interface DashboardStats {
  time: number;
  pool: ReturnType<MemoryEventBus['pool']['getStats']>;
  /** Processes attached to the pool, the dashboard left out. */
  processes: number;
  eventsEmitted: number;
  eventsDelivered: number;
  handlerCalls: number;
  handlerMs: number;
  /** RPC routes served by the pool's processes: calls, status codes, latency in ms. */
  rpc: {
    transport: string;
    route: string;
    calls: number;
    errors: number;
    statuses: string;
    p50: number;
    p95: number;
  }[];
  /** The latest RPC calls the pool's processes served, newest first. */
  recentRpc: RecentRpcCall[];
  /** Every handler of the pool's processes, busiest first. */
  handlers: HandlerRow[];
  /** The processes attached now (the dashboard left out), then the last that left. */
  processList: ProcessRow[];
  /**
   * A SyftBox app: its request files waiting (pending, expired), and the requests its
   * servers answered, from their own records in the pool (the files are removed by clients).
   */
  syft?: { app: string; pending: number; expired: number; answered: number };
}

/**
 * The event names the page counts: the pool's own (`mvent.*`, such as memory RPC) left out.
 */
export function userEvents(
  events: Record<string, { emitted: number; delivered: number }>,
): [string, { emitted: number; delivered: number }][] {
  return Object.entries(events).filter(([name]) => !name.startsWith('mvent.'));
}

/** Reads the pool's statistics (summed over its processes) and, for `app`, its requests. */
export function readDashboardStats(
  bus: MemoryEventBus,
  syft?: { app: string; requests: RequestCounter },
): DashboardStats {
  const totals = sumStatsForTotals(bus);
  const handlers = Object.values(totals.handlers);
  const events = userEvents(totals.events);
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const pool = bus.pool.getStats();
  const rpc = Object.values(totals.rpc);
  // One read of the registry for both tables.
  const records = bus.pool.attachedProcesses();
  const processList = processRows(bus.pool, records, pool.lastSeq);
  const stats: DashboardStats = {
    time: Date.now(),
    pool,
    processes: processList.filter(row => row.leftAt === undefined).length,
    eventsEmitted: sum(events.map(([, e]) => e.emitted)),
    eventsDelivered: sum(events.map(([, e]) => e.delivered)),
    handlerCalls: sum(handlers.map(h => h.calls)),
    handlers: handlerRows(totals),
    processList,
    handlerMs: sum(handlers.map(h => h.sumMs)),
    recentRpc: recentCallRows(records),
    rpc: rpc.map(r => ({
      transport: r.transport,
      route: r.route,
      calls: sum(Object.values(r.statuses)),
      errors: sum(
        Object.entries(r.statuses)
          .filter(([s]) => Number(s) >= 400)
          .map(([, n]) => n),
      ),
      statuses: Object.entries(r.statuses)
        .map(([status, n]) => `${status}×${n}`)
        .join(' '),
      p50: bucketPercentile(r.buckets, 50),
      p95: bucketPercentile(r.buckets, 95),
    })),
  };
  if (syft) {
    const { pending, expired } = syft.requests.counts();
    const answered = sum(
      rpc
        .filter(r => r.transport === 'syft')
        .flatMap(r => Object.values(r.statuses)),
    );
    stats.syft = { app: syft.app, pending, expired, answered };
  }
  return stats;
}
