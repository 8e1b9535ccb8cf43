import { mkdirSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import type { Database, RootDatabase } from 'lmdb';
import { open } from 'lmdb';
import { PoolFullError } from '../errors/pool-full.error';
import { DiskReserve } from './disk-reserve';
import { PoolLock } from './pool-lock';

/** The log's position and the pool's totals, updated in every write transaction. */
export interface LogState {
  /** The last sequence number written. */
  seq: number;
  /** The first sequence number still kept. */
  first: number;
  /** Bytes of entries and log records, counted against `maxPoolBytes`. */
  bytes: number;
  /** Entries removed by the sweeper because they expired, over the pool's life. */
  expired: number;
}

/** How a pool opens its store; the first pool of a path in a process decides. */
export interface StoreOptions {
  /** The pool's name, for error messages. */
  name: string;
  /** LMDB's map size: address space only (see {@link LmdbStore}), grown on demand. */
  mapSize: number;
}

const STATE_KEY = 'state';
const EMPTY_STATE: LogState = { seq: 0, first: 1, bytes: 0, expired: 0 };
/** The state is four float64s, read and written without an encoder on every write. */
const STATE_FIELDS = ['seq', 'first', 'bytes', 'expired'] as const;
const stateBuffer = Buffer.alloc(STATE_FIELDS.length * 8);
/** errno values with which a commit fails when the file system is full (EIO: a short write). */
const ENOSPC = 28;
const EIO = 5;
/** Below this many free bytes, a commit that fails with EIO is taken as a full file system. */
const NEARLY_FULL_BYTES = 8 * 1024 * 1024;

interface Databases {
  env: RootDatabase;
  entries: Database<Buffer, string>;
  log: Database<Buffer, number>;
  meta: Database<unknown, string>;
  state: Database<Buffer, string>;
  procs: Database<unknown, number>;
  expiry: Database<string, [number, string]>;
}

/**
 * The only file that imports lmdb. One LMDB environment per pool, in a directory of its
 * own, with six databases: `entries` (key → record), `log` (sequence → record), `state`
 * (the log state, binary), `meta` (key check, settings, sweeper lease), `procs` (attached
 * processes) and `expiry` (an index of entries by expiry time).
 *
 * LMDB gives one writer at a time across processes, readers that never block, and
 * transactions that survive a writer killed mid-write. Two settings make that hold with many
 * processes (both measured with concurrent writer processes; see the package README):
 * - no write map: with `useWritemap`, each process truncates `data.mdb` to its own map size
 *   when it maps it, so a process with a smaller map cut pages from under the others
 *   (SIGBUS), and a full tmpfs raised SIGBUS instead of an error. Without it, pages are
 *   written with `pwrite`, the map is read-only and the map size is only address space;
 * - the {@link PoolLock}, held while this process opens or closes the environment and
 *   during each write transaction.
 */
export class LmdbStore {
  /** Stores open in this process, by path: two pools on one path share one environment. */
  private static readonly instances = new Map<string, LmdbStore>();
  private readonly lock: PoolLock;
  private readonly reserve: DiskReserve;
  private readonly env: RootDatabase;
  private readonly entries: Database<Buffer, string>;
  private readonly log: Database<Buffer, number>;
  private readonly meta: Database<unknown, string>;
  private readonly state: Database<Buffer, string>;
  private readonly procs: Database<unknown, number>;
  /** `[expiresAt, key]` → empty: finds expired entries without scanning the pool. */
  private readonly expiry: Database<string, [number, string]>;

  private users = 0;
  /** Whether the read snapshot was renewed in the current synchronous run. */
  private snapshotFresh = false;
  /** Write transactions under way (writes outside one would bypass the lock). */
  private writing = 0;

  private constructor(
    private readonly path: string,
    private readonly options: StoreOptions,
  ) {
    mkdirSync(path, { recursive: true, mode: 0o700 });
    this.lock = new PoolLock(path);
    let databases: Databases;
    try {
      databases = this.lock.hold(() => openDatabases(path, options.mapSize));
    } catch (error) {
      this.lock.close();
      throw this.translate(error);
    }
    this.reserve = new DiskReserve(join(path, 'data.mdb'));
    ({
      env: this.env,
      entries: this.entries,
      log: this.log,
      meta: this.meta,
      state: this.state,
      procs: this.procs,
      expiry: this.expiry,
    } = databases);
  }

  /**
   * The store at `path`, shared with the other users in this process: LMDB wants one
   * environment per process, and sharing it lets every user see the others' writes at once.
   */
  static acquire(path: string, options: StoreOptions): LmdbStore {
    let store = LmdbStore.instances.get(path);
    if (!store) {
      store = new LmdbStore(path, options);
      LmdbStore.instances.set(path, store);
    }
    store.users += 1;
    return store;
  }

  /**
   * Makes the next read see every transaction committed so far, by any process. Reads in
   * one synchronous run (up to the next microtask) share one snapshot: a process cannot
   * learn of another's commit without yielding (a nudge, a message, a timer), so nothing
   * newer could be expected there, and the snapshot is renewed once, not per read.
   * lmdb-js would otherwise keep a snapshot until its next timer tick (about 1 ms), so a
   * process woken by a nudge could read the log as it was before the nudge's commit.
   */
  refresh(): void {
    if (this.snapshotFresh) {
      return;
    }
    this.env.resetReadTxn();
    this.snapshotFresh = true;
    queueMicrotask(() => {
      this.snapshotFresh = false;
    });
  }

  /**
   * Runs `work` in one write transaction, holding the pool's lock: everything or nothing is
   * committed. `valueBytes` is about what it writes; a file system without room for that gives
   * `PoolFullError` before anything is written.
   */
  transaction<T>(work: () => T, valueBytes = 0): T {
    this.writing += 1;
    try {
      return this.lock.hold(() => {
        if (!this.reserve.ensure(valueBytes)) {
          throw this.diskFull(undefined);
        }
        return this.env.transactionSync(work);
      });
    } catch (error) {
      throw this.translate(error);
    } finally {
      this.writing -= 1;
      this.snapshotFresh = false; // reads after a write see it
    }
  }

  /**
   * An entry's bytes without copying them: valid only until the next read of this store,
   * so callers decode or copy what they need at once.
   */
  peekEntry(key: string): Buffer | undefined {
    return this.entries.getBinaryFast(key);
  }

  /** The stored size of an entry, without copying it. */
  entrySize(key: string): number {
    return this.entries.getBinaryFast(key)?.length ?? 0;
  }

  putEntry(key: string, record: Buffer): void {
    this.assertWriting();
    this.entries.putSync(key, record);
  }

  removeEntry(key: string): boolean {
    this.assertWriting();
    return this.entries.removeSync(key);
  }

  /** Every entry, in key order. */
  *entryRange(): Generator<{ key: string; value: Buffer }> {
    for (const { key, value } of this.entries.getRange()) {
      yield { key, value };
    }
  }

  entryCount(): number {
    return this.entries.getCount();
  }

  clearEntries(): void {
    this.assertWriting();
    this.entries.clearSync();
  }

  /** Moves `key` in the expiry index from `previous` to `next` (0: not indexed). */
  reindexExpiry(key: string, previous: number, next: number): void {
    this.assertWriting();
    if (previous === next) {
      return;
    }
    if (previous) {
      this.expiry.removeSync([previous, key]);
    }
    if (next) {
      this.expiry.putSync([next, key], '');
    }
  }

  /** Keys whose expiry time is at or before `now`, soonest first. */
  *expiredKeys(now: number): Generator<{ key: string; expiresAt: number }> {
    for (const { key } of this.expiry.getRange({ end: [now, '\uffff'] })) {
      yield { expiresAt: key[0], key: key[1] };
    }
  }

  /** Every row of the expiry index, soonest first. */
  *expiryRange(): Generator<{ key: string; expiresAt: number }> {
    for (const { key } of this.expiry.getRange()) {
      yield { expiresAt: key[0], key: key[1] };
    }
  }

  clearExpiry(): void {
    this.assertWriting();
    this.expiry.clearSync();
  }

  readState(): LogState {
    const stored = this.state.getBinaryFast(STATE_KEY);
    if (!stored) {
      return { ...EMPTY_STATE };
    }
    return {
      seq: stored.readDoubleLE(0),
      first: stored.readDoubleLE(8),
      bytes: stored.readDoubleLE(16),
      expired: stored.readDoubleLE(24),
    };
  }

  writeState(state: LogState): void {
    this.assertWriting();
    STATE_FIELDS.forEach((field, i) =>
      stateBuffer.writeDoubleLE(state[field], i * 8),
    );
    this.state.putSync(STATE_KEY, stateBuffer);
  }

  appendLog(seq: number, record: Buffer): void {
    this.assertWriting();
    this.log.putSync(seq, record);
  }

  /** The log record `seq` without copying it: valid only until the next read of this store. */
  peekLog(seq: number): Buffer | undefined {
    return this.log.getBinaryFast(seq);
  }

  logSize(seq: number): number {
    return this.peekLog(seq)?.length ?? 0;
  }

  removeLog(seq: number): void {
    this.assertWriting();
    this.log.removeSync(seq);
  }

  /** Log records from `from` on, in sequence order (`reverse`: from `from` back). */
  *logRange(
    from: number,
    reverse = false,
  ): Generator<{ seq: number; record: Buffer }> {
    for (const { key, value } of this.log.getRange({ start: from, reverse })) {
      yield { seq: key, record: value };
    }
  }

  getMeta<T>(key: string): T | undefined {
    return this.meta.get(key) as T | undefined;
  }

  putMeta(key: string, value: unknown): void {
    this.assertWriting();
    this.meta.putSync(key, value);
  }

  getProcess<T>(pid: number): T | undefined {
    return this.procs.get(pid) as T | undefined;
  }

  putProcess(pid: number, record: unknown): void {
    this.assertWriting();
    this.procs.putSync(pid, record);
  }

  removeProcess(pid: number): void {
    this.assertWriting();
    this.procs.removeSync(pid);
  }

  *processes<T>(): Generator<T> {
    for (const { value } of this.procs.getRange()) {
      yield value as T;
    }
  }

  /** Releases this user; the environment closes with its last user. */
  async close(): Promise<void> {
    this.users -= 1;
    if (this.users === 0) {
      LmdbStore.instances.delete(this.path);
      await this.closeEnvironment();
    }
  }

  /**
   * Closes every store still open, holding their locks: at process exit, lmdb-js would
   * otherwise close them itself, without the lock.
   */
  static closeAllAtExit(): void {
    for (const store of LmdbStore.instances.values()) {
      void store.closeEnvironment();
    }
    LmdbStore.instances.clear();
  }

  private closeEnvironment(): Promise<void> {
    // lmdb-js closes at once (in this call) when no asynchronous write is pending, and this
    // store makes none, so the environment is closed while the lock is held.
    const closed = this.lock.hold(() => this.env.close());
    this.lock.close();
    this.reserve.close();
    return closed;
  }

  private assertWriting(): void {
    if (this.writing === 0) {
      throw new Error(
        'LmdbStore: a write outside transaction() would bypass the pool lock',
      );
    }
  }

  /** A full file system becomes `PoolFullError`; anything else is rethrown as it is. */
  private translate(error: unknown): unknown {
    const code = (error as { code?: unknown }).code;
    if (code !== ENOSPC && code !== 'ENOSPC' && code !== EIO) {
      return error;
    }
    if (code === EIO && freeBytes(this.path) >= NEARLY_FULL_BYTES) {
      return error;
    }
    return this.diskFull(error);
  }

  private diskFull(cause: unknown): PoolFullError {
    return new PoolFullError(this.options.name, 0, 0, freeBytes(this.path), {
      path: this.path,
      cause,
    });
  }
}

process.once('exit', () => LmdbStore.closeAllAtExit());

function openDatabases(path: string, mapSize: number): Databases {
  const env = open({
    path,
    maxDbs: 6,
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
    log: env.openDB<Buffer, number>('log', {
      encoding: 'binary',
      keyEncoding: 'uint32',
    }),
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

/** Bytes still available to this user on the file system of `path`. */
function freeBytes(path: string): number {
  try {
    const stats = statfsSync(path);
    return stats.bavail * stats.bsize;
  } catch {
    return 0;
  }
}
