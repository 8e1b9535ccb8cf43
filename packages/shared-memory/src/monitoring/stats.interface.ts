/**
 * Counts for one event name.
 *
 * @publicApi
 */
export interface EventStats {
  emitted: number;
  delivered: number;
  /** Emits per second over the last 10 seconds. */
  ratePerSecond: number;
}

/**
 * Counts and durations for one handler.
 *
 * @publicApi
 */
export interface HandlerStats {
  calls: number;
  errors: number;
  /** Payloads rejected by DTO validation (the handler was not called). */
  invalid: number;
  /** Events a guard refused (the handler was not called). */
  refused: number;
  p50Ms: number;
  p95Ms: number;
  /** The total of every call's duration. */
  sumMs: number;
  /** Calls per bucket of {@link DURATION_BUCKETS_MS}; the last counts the slower ones. */
  buckets: number[];
  /** The last error it threw, if any. */
  lastError?: HandlerError;
}

/**
 * The last error a handler threw: its message (cut at 300 characters) and when.
 *
 * @publicApi
 */
export interface HandlerError {
  message: string;
  /** In ms since the epoch. */
  at: number;
}

/**
 * One RPC call a process served, among the last {@link RECENT_RPC_CALLS} it keeps.
 *
 * @publicApi
 */
export interface RecentRpcCall {
  transport: string;
  route: string;
  /** Who the request says sent it (not verified), cut at 200 characters. */
  sender: string;
  statusCode: number;
  durationMs: number;
  /** When it finished, in ms since the epoch. */
  at: number;
}

/**
 * How many of its latest RPC calls each process publishes.
 *
 * @publicApi
 */
export const RECENT_RPC_CALLS = 20;

/**
 * The upper bounds (ms) of the duration histograms of handlers and RPC routes, the
 * Prometheus buckets of `@mvent/metrics`.
 *
 * @publicApi
 */
export const DURATION_BUCKETS_MS: readonly number[] = [
  0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000,
  10_000,
];

/**
 * Calls of one RPC route on one transport.
 *
 * @publicApi
 */
export interface RpcRouteStats {
  transport: string;
  /** The route as declared (`/data/{id}`). */
  route: string;
  /** Calls by status code. */
  statuses: Record<number, number>;
  sumMs: number;
  /** Calls per bucket of {@link DURATION_BUCKETS_MS}; the last counts the slower ones. */
  buckets: number[];
}

/**
 * The engine's counters beyond the pool's sizes.
 *
 * @publicApi
 */
export interface MemoryStats {
  /** Events lost to retention before this process read them (gap notices). */
  gaps: number;
  /**
   * Events this process skipped because their writer died in the middle of writing them
   * (its `emit` never returned). Absent in snapshots of older versions.
   */
  abandoned?: number;
  /** Events read from the log by this process. */
  eventsRead: number;
  /** Active subscriptions in this process. */
  subscriptions: number;
  /** Event names and handlers whose counts were dropped (only the 1,000 most recent of each are kept). */
  statsDropped: number;
  /**
   * The log position this process has read up to: how far behind the log it is, in bytes,
   * against the pool's `lastSeq`. Per process, so absent from sums.
   */
  readUpTo?: number;
}

/**
 * A process attached to a pool, from `pool.attachedProcesses()`.
 *
 * @publicApi
 */
export interface AttachedProcess {
  pid: number;
  /** What it is: the pool's `role` option, by default its main script's name. */
  role: string;
  /** When it attached, and when it last said it was alive, in ms since the epoch. */
  attachedAt: number;
  heartbeatAt: number;
  /** What it last published; `undefined` until its first heartbeat. */
  stats: StatsSnapshot | undefined;
}

/**
 * A process that left a pool, from `pool.departedProcesses()`.
 *
 * @publicApi
 */
export interface DepartedProcess {
  pid: number;
  role: string;
  attachedAt: number;
  /** When it closed the pool, or when a peer found it dead, in ms since the epoch. */
  leftAt: number;
  /** `'closed'`: it closed the pool; `'died'`: it was found dead (killed, crashed) and removed. */
  how: 'closed' | 'died';
}

/**
 * How many departures a pool remembers.
 *
 * @publicApi
 */
export const DEPARTURES_KEPT = 20;

/**
 * One process's statistics, as published to the pool for the aggregated view.
 *
 * @publicApi
 */
export interface StatsSnapshot {
  pid: number;
  events: Record<string, EventStats>;
  handlers: Record<string, HandlerStats>;
  /** RPC calls served by this process, by `"<transport> <route>"` (counted once metrics observe them). */
  rpc: Record<string, RpcRouteStats>;
  /** Its latest RPC calls, oldest first (absent from sums and from older versions' snapshots). */
  recentRpc?: RecentRpcCall[];
  memory: MemoryStats;
}
