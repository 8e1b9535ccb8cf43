import type { Duration } from '../pool/duration.util';

/**
 * Options of `pool.set()` and `bus.emit()`.
 *
 * @publicApi
 */
export interface SetOptions {
  /**
   * Time to live: a number of **milliseconds** (`ttl: 5` is 5 ms, as everywhere in the
   * Nest-style API) or a duration string (`'5s'`, `'1h'`). Absent or 0: forever. The
   * Python-named classes (`MemoryEventHandler.emit`) take seconds instead, as Python does.
   */
  ttl?: Duration;
}

/**
 * A value with what the pool knows about it, from `get(key, { withMetadata: true })`.
 *
 * @publicApi
 */
export interface PoolEntry<T = unknown> {
  value: T;
  /** Starts at 1 and grows with every write of the key. */
  version: number;
  /** The process that wrote this version. */
  writerPid: number;
  /** When this version was written, in ms since the epoch. */
  updatedAt: number;
  /** When it expires, in ms since the epoch; `undefined` for never. */
  expiresAt: number | undefined;
}

/**
 * Options of `pool.get()` asking for metadata.
 *
 * @publicApi
 */
export interface GetWithMetadataOptions {
  withMetadata: true;
}
