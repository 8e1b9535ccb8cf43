import type { Duration } from '../pool/duration.util';

/**
 * How long the event log keeps records. A subscriber further behind than this gets a
 * gap notice instead of the records it missed.
 *
 * @publicApi
 */
export interface RetentionOptions {
  /** Records kept at most. @default 100000 */
  count?: number;
  /** Records older than this are removed by the sweeper. @default '10m' */
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
  /** Largest pool (entries plus event log), in bytes. @default 268435456 (256 MiB) */
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
