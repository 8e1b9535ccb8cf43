import { KeyTooLongError } from '../errors/key-too-long.error';
import { DiskReserve } from './disk-reserve';
import type { PoolDatabases } from './lmdb-environment';
import { openPoolEnvironment } from './lmdb-environment';
import { PoolLock } from './pool-lock';
import { diskFullError, translateStorageError } from './storage-error.util';

/** The pool's totals, updated in every write transaction. */
export interface PoolState {
  /** Bytes of entries, counted against `maxPoolBytes`. */
  bytes: number;
  /** Entries removed by the sweeper because they expired, over the pool's life. */
  expired: number;
  /** Event-log records before this position are folded into the entries. */
  folded: number;
}

/** How a pool opens its store; the first pool of a path in a process decides. */
export interface StoreOptions {
  /** The pool's name, for error messages. */
  name: string;
  /** LMDB's map size: address space only (no write map), grown on demand. */
  mapSize: number;
}

const STATE_KEY = 'state';
const EMPTY_STATE: PoolState = { bytes: 0, expired: 0, folded: 0 };
/** The state is three float64s (bytes, expired, folded), read and written without an encoder. */
const stateBuffer = Buffer.alloc(3 * 8);
/** How long {@link LmdbStore.snapshotState} trusts a commit count that did not move. */
const STATE_MAX_AGE_MS = 1000;

/**
 * A pool's storage: one LMDB environment per pool, in a directory of its own, with the six
 * databases of {@link PoolDatabases}. With lmdb-environment.ts, the only code that uses lmdb.
 *
 * LMDB gives one writer at a time across processes, readers that never block, and
 * transactions that survive a writer killed mid-write. With lmdb-js, that holds for many
 * processes only with (each measured with concurrent writer processes; see the README): no
 * write map ({@link openPoolEnvironment}), the {@link PoolLock} held while this process opens
 * or closes the environment and during each write transaction, and the {@link DiskReserve},
 * so that LMDB never meets a full file system.
 */
export class LmdbStore {
  /** Stores open in this process, by path: two pools on one path share one environment. */
  private static readonly instances = new Map<string, LmdbStore>();
  private readonly lock: PoolLock;
  private readonly reserve: DiskReserve;
  private readonly db: PoolDatabases;

  private users = 0;
  /** Whether the read snapshot was renewed in the current synchronous run. */
  private snapshotFresh = false;
  /** What {@link snapshotState} read, at which count of commits and when. */
  private cachedState:
    { state: PoolState; commits: number; readAt: number } | undefined;
  /** Called after each committed write transaction (see {@link countCommitsWith}). */
  private afterCommit: (() => void) | undefined;
  /** Write transactions under way (writes outside one would bypass the lock). */
  private writesUnderWay = 0;

  private constructor(
    private readonly path: string,
    private readonly options: StoreOptions,
  ) {
    this.lock = new PoolLock(path);
    try {
      ({ db: this.db, reserve: this.reserve } = this.lock.hold(() =>
        openReserved(path, options),
      ));
    } catch (error) {
      this.lock.close();
      throw translateStorageError(error, options.name, path);
    }
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
   * process woken by an event could read a value as it was before the event's commit.
   */
  refresh(): void {
    if (!this.snapshotFresh) this.renewSnapshot();
  }

  /**
   * Runs `count` after each write transaction this process commits: the event log counts
   * them for every process, which then know when what they read of the state is stale.
   */
  countCommitsWith(count: () => void): void {
    this.afterCommit = count;
  }

  /**
   * Runs `work` in one write transaction, holding the pool's lock: everything or nothing is
   * committed. `valueBytes` is about what it writes; a file system without room for that gives
   * `PoolFullError` before anything is written.
   */
  transaction<T>(work: () => T, valueBytes = 0): T {
    return this.writing(() =>
      this.lock.hold(() => this.commit(work, valueBytes)),
    );
  }

  /**
   * Refuses, with `PoolFullError`, a write of about `valueBytes` of values that would not fit
   * in the file system. Called before every transaction; call it again inside one that finds
   * more to write than it said (a fold), before writing it.
   */
  reserveRoom(valueBytes: number): void {
    if (!this.reserve.ensure(valueBytes)) {
      throw diskFullError(this.options.name, this.path);
    }
  }

  /**
   * Like {@link transaction} for work that must never wait for the lock (a heartbeat): when
   * another process holds it, nothing runs and the result is `false`.
   */
  tryTransaction(work: () => void): boolean {
    return this.writing(() => this.lock.tryHold(() => this.commit(work, 0)));
  }

  /**
   * An entry's bytes without copying them: valid only until the next read of this store,
   * so callers decode or copy what they need at once.
   */
  peekEntry(key: string): Buffer | undefined {
    KeyTooLongError.assertFits(key);
    return this.db.entries.getBinaryFast(key);
  }

  /** The stored size of an entry, without copying it. */
  entrySize(key: string): number {
    return this.db.entries.getBinaryFast(key)?.length ?? 0;
  }

  putEntry(key: string, record: Buffer): void {
    this.assertWriting();
    this.db.entries.putSync(key, record);
  }

  removeEntry(key: string): boolean {
    this.assertWriting();
    return this.db.entries.removeSync(key);
  }

  /** Every entry, in key order. */
  *entryRange(): Generator<{ key: string; value: Buffer }> {
    for (const { key, value } of this.db.entries.getRange()) {
      yield { key, value };
    }
  }

  entryCount(): number {
    return this.db.entries.getCount();
  }

  clearEntries(): void {
    this.assertWriting();
    this.db.entries.clearSync();
  }

  /** Moves `key` in the expiry index from `previous` to `next` (0: not indexed). */
  reindexExpiry(key: string, previous: number, next: number): void {
    this.assertWriting();
    if (previous === next) {
      return;
    }
    if (previous) {
      this.db.expiry.removeSync([previous, key]);
    }
    if (next) {
      this.db.expiry.putSync([next, key], '');
    }
  }

  /** Keys whose expiry time is at or before `now`, soonest first. */
  *expiredKeys(now: number): Generator<{ key: string; expiresAt: number }> {
    for (const { key } of this.db.expiry.getRange({ end: [now, '\uffff'] })) {
      yield { expiresAt: key[0], key: key[1] };
    }
  }

  /** Every row of the expiry index, soonest first. */
  *expiryRange(): Generator<{ key: string; expiresAt: number }> {
    for (const { key } of this.db.expiry.getRange()) {
      yield { expiresAt: key[0], key: key[1] };
    }
  }

  clearExpiry(): void {
    this.assertWriting();
    this.db.expiry.clearSync();
  }

  readState(): PoolState {
    const stored = this.db.state.getBinaryFast(STATE_KEY);
    if (!stored) {
      return { ...EMPTY_STATE };
    }
    return {
      bytes: stored.readDoubleLE(0),
      expired: stored.readDoubleLE(8),
      folded: stored.readDoubleLE(16),
    };
  }

  /**
   * The state as every commit so far left it, read again only when `commits` (the count of
   * write transactions committed by every process, see {@link countCommitsWith}) moved, or
   * after {@link STATE_MAX_AGE_MS} (a process killed between its commit and its count): for
   * the size check of every `emit`, where a new snapshot and a read cost 5–7 µs of a call
   * paced at 1k/s. Read only; a transaction reads its own with `readState`.
   */
  snapshotState(commits: number): Readonly<PoolState> {
    const cached = this.cachedState;
    const now = Date.now();
    if (cached?.commits === commits && now - cached.readAt < STATE_MAX_AGE_MS) {
      return cached.state;
    }
    this.renewSnapshot(); // even if renewed in this run: the commit may have come since
    this.cachedState = { state: this.readState(), commits, readAt: now };
    return this.cachedState.state;
  }

  /** The state's `folded`, read without the rest. */
  foldedPosition(): number {
    return this.db.state.getBinaryFast(STATE_KEY)?.readDoubleLE(16) ?? 0;
  }

  writeState(state: PoolState): void {
    this.assertWriting();
    stateBuffer.writeDoubleLE(state.bytes, 0);
    stateBuffer.writeDoubleLE(state.expired, 8);
    stateBuffer.writeDoubleLE(state.folded, 16);
    this.db.state.putSync(STATE_KEY, stateBuffer);
  }

  getMeta<T>(key: string): T | undefined {
    return this.db.meta.get(key) as T | undefined;
  }

  putMeta(key: string, value: unknown): void {
    this.assertWriting();
    this.db.meta.putSync(key, value);
  }

  removeMeta(key: string): void {
    this.assertWriting();
    this.db.meta.removeSync(key);
  }

  getProcess<T>(pid: number): T | undefined {
    return this.db.procs.get(pid) as T | undefined;
  }

  putProcess(pid: number, record: unknown): void {
    this.assertWriting();
    this.db.procs.putSync(pid, record);
  }

  removeProcess(pid: number): void {
    this.assertWriting();
    this.db.procs.removeSync(pid);
  }

  *processes<T>(): Generator<T> {
    for (const { value } of this.db.procs.getRange()) {
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

  /** Runs a write, counted as under way (see `assertWriting`), translating storage errors. */
  private writing<T>(run: () => T): T {
    this.writesUnderWay += 1;
    try {
      return run();
    } catch (error) {
      throw translateStorageError(error, this.options.name, this.path);
    } finally {
      this.writesUnderWay -= 1;
      this.snapshotFresh = false; // reads after a write see it
    }
  }

  /** One LMDB write transaction; call it holding the lock. */
  private commit<T>(work: () => T, valueBytes: number): T {
    this.reserveRoom(valueBytes);
    const result = this.db.env.transactionSync(work);
    this.afterCommit?.();
    return result;
  }

  private renewSnapshot(): void {
    this.db.env.resetReadTxn();
    if (this.snapshotFresh) return;
    this.snapshotFresh = true;
    queueMicrotask(() => {
      this.snapshotFresh = false;
    });
  }

  private closeEnvironment(): Promise<void> {
    // lmdb-js closes at once (in this call) when no asynchronous write is pending, and this
    // store makes none, so the environment is closed while the lock is held.
    const closed = this.lock.hold(() => this.db.env.close());
    this.lock.close();
    this.reserve.close();
    return closed;
  }

  private assertWriting(): void {
    if (this.writesUnderWay === 0) {
      throw new Error(
        'LmdbStore: a write outside transaction() would bypass the pool lock',
      );
    }
  }
}

process.once('exit', () => LmdbStore.closeAllAtExit());

/** Reserves the files' first blocks, then opens the environment. */
function openReserved(
  path: string,
  { name, mapSize }: StoreOptions,
): { db: PoolDatabases; reserve: DiskReserve } {
  const reserve = DiskReserve.prepare(path);
  if (!reserve) {
    throw diskFullError(name, path);
  }
  try {
    return { db: openPoolEnvironment(path, mapSize), reserve };
  } catch (error) {
    reserve.close();
    throw error;
  }
}
