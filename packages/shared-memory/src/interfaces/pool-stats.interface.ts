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
  /**
   * The event log's end: the position (`seq`) the next event will take. Every event so far
   * has a smaller one; a process's `readUpTo` against it says how far behind it is, in bytes.
   */
  lastSeq: number;
  /** Event-log records currently kept. */
  logRecords: number;
  /** Processes attached to the pool, this one included. */
  attachedProcesses: number;
  encrypted: boolean;
}
