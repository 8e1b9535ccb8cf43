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
}

/**
 * The engine's counters beyond the pool's sizes.
 *
 * @publicApi
 */
export interface MemoryStats {
  /** Events lost to retention before this process read them (gap notices). */
  gaps: number;
  /** Events read from the log by this process. */
  eventsRead: number;
  /** Active subscriptions in this process. */
  subscriptions: number;
  /** Event names and handlers whose counts were dropped (only the 1,000 most recent of each are kept). */
  statsDropped: number;
}

/**
 * One process's statistics, as published to the pool for the aggregated view.
 *
 * @publicApi
 */
export interface StatsSnapshot {
  pid: number;
  events: Record<string, EventStats>;
  handlers: Record<string, HandlerStats>;
  memory: MemoryStats;
}
