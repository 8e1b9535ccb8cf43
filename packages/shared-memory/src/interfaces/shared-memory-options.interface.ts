import type { Duration } from '../pool/duration.util';

/**
 * What the event log keeps. It is a ring in shared memory: the latest events that fit in
 * `bytes`. A subscriber further behind gets a gap notice (and `gaps` counts the events it
 * missed) instead of them.
 *
 * @publicApi
 */
export interface RetentionOptions {
  /**
   * The log's size in bytes, allocated when the pool is created (on tmpfs, memory): four terms
   * of a quarter each. An event must fit in a term. @default 33554432 (32 MiB)
   */
  bytes?: number;
  /** Replays (`replay`, `from`, `last`) and room histories leave out events older than this. @default '10m' */
  age?: Duration;
}

/**
 * Options of a shared-memory pool (`SharedMemoryModule.forRoot`, `new SharedMemoryPool`,
 * `new MemoryEventHandler`).
 *
 * @publicApi
 */
export interface SharedMemoryOptions {
  /** The pool name: processes that use the same name (and dir) share the pool. */
  name: string;
  /**
   * The directory of pools: it must be this user's and writable by no one else (else
   * `UnsafeDirectoryError`). @default '/dev/shm/mvent-<uid>' on Linux, else '<os tmp>/mvent-<uid>'
   */
  dir?: string;
  /**
   * A secret that turns on AES-256-GCM encryption of values. Every process must use the
   * same one. Keys and event names stay in clear.
   */
  encryptionKey?: string | Uint8Array;
  /**
   * What this process is, as operators' tools (`mvent dashboard`, `mvent pools`) show it:
   * `'orders-api'`, `'billing-worker'`. @default the main script's name (`worker` for
   * `node dist/worker.js`), else `'node'`
   */
  role?: string;
  /** Event-log retention. */
  retention?: RetentionOptions;
  /** Largest encoded value, in bytes. @default 1048576 (1 MiB) */
  maxValueBytes?: number;
  /** Largest pool entries, in bytes (the event log is apart: `retention.bytes`). @default 268435456 (256 MiB) */
  maxPoolBytes?: number;
  /**
   * Serve every `@OnRequest` route over shared memory too (routes may also opt in one by one
   * with `transports: ['memory']`). @default false
   */
  rpc?: boolean;
  /** Answer memory-RPC handler errors with a JSON report. @default false */
  debug?: boolean;
  /**
   * Milliseconds an `@OnRequest` or `@OnEvent` handler may take: a route then answers 504,
   * an event handler is reported and its subscriber moves on. A handler's own `timeout`
   * wins. @default 30 s (`DEFAULT_HANDLER_TIMEOUT_MS`); `0` for none
   */
  handlerTimeout?: number;
}
