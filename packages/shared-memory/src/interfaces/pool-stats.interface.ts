/**
 * The state of a pool, from `pool.getStats()`.
 *
 * @publicApi
 */
export interface PoolStats {
  name: string;
  /** The pool's directory. */
  path: string;
  /** Live (not expired) entries. */
  entries: number;
  /** Bytes used by entries and the event log, as counted against `maxPoolBytes`. */
  bytes: number;
  maxPoolBytes: number;
  /** Entries removed because they expired, over the pool's life. */
  expired: number;
  /** Event-log sequence number of the last event. */
  lastSeq: number;
  /** Event-log records currently kept. */
  logRecords: number;
  /** Processes attached to the pool, this one included. */
  attachedProcesses: number;
  encrypted: boolean;
}
