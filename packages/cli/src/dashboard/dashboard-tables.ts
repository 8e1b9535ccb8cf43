import type {
  AttachedProcess,
  HandlerError,
  RecentRpcCall,
  SharedMemoryPool,
} from '@mvent/shared-memory';
import { DURATION_BUCKETS_MS } from '@mvent/shared-memory';
import type { PoolTotals } from '@mvent/metrics';

/** One row of the dashboard's handler table. */
export interface HandlerRow {
  name: string;
  calls: number;
  errors: number;
  /** Refused by a guard, and payloads that failed DTO validation: the handler did not run. */
  refused: number;
  invalid: number;
  /** Upper bounds of the latency buckets the percentiles fall in, in ms. */
  p50: number;
  p95: number;
  p99: number;
  lastError?: HandlerError;
}

/** Heartbeats older than this flag a process as stalled (its event loop blocked, or stopped). */
const STALLED_AFTER_MS = 3000;
/** RPC calls the page lists at most, the newest first. */
const RECENT_CALL_ROWS = 50;

/** One row of the dashboard's process list: attached now, or departed. */
export interface ProcessRow {
  pid: number;
  role: string;
  /**
   * `alive`; `stalled` (no heartbeat for 3 s); `closed` (it closed the pool); `died`
   * (found dead by a peer: killed or crashed).
   */
  state: 'alive' | 'stalled' | 'closed' | 'died';
  /** When it left, for a departed process. */
  leftAt?: number;
  attachedAt: number;
  heartbeatAt: number;
  handlers: number;
  subscriptions: number;
  eventsRead: number;
  gaps: number;
  /** Events it skipped because their writer died mid-write. */
  abandoned: number;
  /** Bytes of the log it has not read yet; `null` for a process that subscribes to nothing. */
  lag: number | null;
}

/**
 * The upper bound (ms) of the histogram bucket where the `p`-th percentile falls; the last
 * bucket (slower than every bound) reads as `Infinity`.
 */
export function bucketPercentile(
  buckets: readonly number[],
  p: number,
): number {
  const total = buckets.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  let seen = 0;
  for (const [index, count] of buckets.entries()) {
    seen += count;
    if (seen >= (total * p) / 100)
      return DURATION_BUCKETS_MS[index] ?? Infinity;
  }
  return Infinity;
}

/** Every handler of the pool's processes (those that left included), busiest first. */
export function handlerRows(totals: PoolTotals): HandlerRow[] {
  return Object.entries(totals.handlers)
    .map(([name, h]) => ({
      name,
      calls: h.calls,
      errors: h.errors,
      refused: h.refused,
      invalid: h.invalid,
      p50: bucketPercentile(h.buckets, 50),
      p95: bucketPercentile(h.buckets, 95),
      p99: bucketPercentile(h.buckets, 99),
      lastError: h.lastError,
    }))
    .sort((a, b) => b.calls - a.calls);
}

/**
 * The processes attached to the pool now, with their latest published counts (about a
 * second old) and how far behind the log each is, against `lastSeq`; then those that left.
 */
export function processRows(
  pool: SharedMemoryPool,
  records: AttachedProcess[],
  lastSeq: number,
): ProcessRow[] {
  const now = Date.now();
  const attached = records
    .filter(record => record.pid !== process.pid) // the dashboard itself
    .map((record): ProcessRow => ({
      pid: record.pid,
      role: record.role,
      state: now - record.heartbeatAt > STALLED_AFTER_MS ? 'stalled' : 'alive',
      attachedAt: record.attachedAt,
      heartbeatAt: record.heartbeatAt,
      handlers: Object.keys(record.stats?.handlers ?? {}).length,
      subscriptions: record.stats?.memory.subscriptions ?? 0,
      eventsRead: record.stats?.memory.eventsRead ?? 0,
      gaps: record.stats?.memory.gaps ?? 0,
      abandoned: record.stats?.memory.abandoned ?? 0,
      lag:
        record.stats?.memory.subscriptions &&
        record.stats.memory.readUpTo !== undefined
          ? Math.max(0, lastSeq - record.stats.memory.readUpTo)
          : null,
    }))
    .sort((a, b) => a.attachedAt - b.attachedAt);
  const departed = pool
    .departedProcesses()
    .filter(gone => gone.pid !== process.pid)
    .map((gone): ProcessRow => ({
      pid: gone.pid,
      role: gone.role,
      state: gone.how,
      leftAt: gone.leftAt,
      attachedAt: gone.attachedAt,
      heartbeatAt: gone.leftAt,
      handlers: 0,
      subscriptions: 0,
      eventsRead: 0,
      gaps: 0,
      abandoned: 0,
      lag: null,
    }));
  return [...attached, ...departed];
}

/** The latest RPC calls served by the pool's processes, newest first. */
export function recentCallRows(records: AttachedProcess[]): RecentRpcCall[] {
  return records
    .flatMap(record => record.stats?.recentRpc ?? [])
    .sort((a, b) => b.at - a.at)
    .slice(0, RECENT_CALL_ROWS);
}
