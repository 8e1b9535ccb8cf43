import type { Database, RootDatabase } from 'lmdb';
import { open } from 'lmdb';

/** A pool's LMDB environment and its five databases (events are in the event log, not here). */
export interface PoolDatabases {
  env: RootDatabase;
  /** key → entry record. */
  entries: Database<Buffer, string>;
  /** key check, settings, sweeper lease. */
  meta: Database<unknown, string>;
  /** the pool's totals, binary. */
  state: Database<Buffer, string>;
  /** pid → attached process. */
  procs: Database<unknown, number>;
  /** `[expiresAt, key]` → empty: finds expired entries without scanning the pool. */
  expiry: Database<string, [number, string]>;
}

/**
 * Opens (creating them if needed) a pool's environment in `path` and its databases. With
 * lmdb-js and lmdb-store.ts, the only code that touches lmdb. Call it holding the pool's lock.
 *
 * No write map: with `useWritemap`, each process truncates `data.mdb` to its own map size
 * when it maps it, so a process with a smaller map cut pages from under the others (SIGBUS,
 * 4 of 12 processes in a bare reproduction), and a full tmpfs raised SIGBUS instead of an
 * error. Without it, pages are written with `pwrite`, the map is read-only, and `mapSize` is
 * only address space.
 */
export function openPoolEnvironment(
  path: string,
  mapSize: number,
): PoolDatabases {
  const env = open({
    path,
    maxDbs: 5,
    // A pool is shared memory, not a database: durability across reboots is not wanted
    // (it lives on tmpfs), and skipping fsync is what makes writes cheap.
    noSync: true,
    useWritemap: false,
    mapSize,
    // Owner-only, like the pool's directory.
    permissionsMode: 0o600,
    // Values must never be cached by lmdb-js: other processes change them.
    cache: false,
  } as Parameters<typeof open>[0]);
  return {
    env,
    entries: env.openDB<Buffer, string>('entries', { encoding: 'binary' }),
    meta: env.openDB<unknown, string>('meta', { encoding: 'msgpack' }),
    state: env.openDB<Buffer, string>('state', { encoding: 'binary' }),
    procs: env.openDB<unknown, number>('procs', {
      encoding: 'msgpack',
      keyEncoding: 'uint32',
    }),
    expiry: env.openDB<string, [number, string]>('expiry', {
      encoding: 'string',
    }),
  };
}
