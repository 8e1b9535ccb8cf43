import { mkdirSync } from 'node:fs';
import type { Database, RootDatabase } from 'lmdb';
import { open } from 'lmdb';

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

const STATE_KEY = 'state';
const EMPTY_STATE: LogState = { seq: 0, first: 1, bytes: 0, expired: 0 };
/** The state is four float64s, read and written without an encoder on every write. */
const STATE_FIELDS = ['seq', 'first', 'bytes', 'expired'] as const;
const stateBuffer = Buffer.alloc(STATE_FIELDS.length * 8);

/**
 * The only file that imports lmdb. One LMDB environment per pool, in a directory of its
 * own, with six databases: `entries` (key → record), `log` (sequence → record), `state`
 * (the log state, binary), `meta` (key check, sweeper lease), `procs` (attached processes)
 * and `expiry` (an index of entries by expiry time).
 *
 * LMDB gives one writer at a time across processes, readers that never block, and
 * transactions that survive a writer killed mid-write.
 */
export class LmdbStore {
  /** Stores open in this process, by path: two pools on one path share one environment. */
  private static readonly instances = new Map<string, LmdbStore>();
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

  private constructor(private readonly path: string) {
    mkdirSync(path, { recursive: true, mode: 0o700 });
    this.env = open({
      path,
      maxDbs: 6,
      // A pool is shared memory, not a database: durability across reboots is not wanted
      // (it lives on tmpfs), and skipping fsync is what makes writes cheap.
      noSync: true,
      useWritemap: true,
      // Values must never be cached by lmdb-js: other processes change them.
      cache: false,
    });
    this.entries = this.env.openDB<Buffer, string>('entries', {
      encoding: 'binary',
    });
    this.log = this.env.openDB<Buffer, number>('log', {
      encoding: 'binary',
      keyEncoding: 'uint32',
    });
    this.meta = this.env.openDB<unknown, string>('meta', {
      encoding: 'msgpack',
    });
    this.state = this.env.openDB<Buffer, string>('state', {
      encoding: 'binary',
    });
    this.procs = this.env.openDB<unknown, number>('procs', {
      encoding: 'msgpack',
      keyEncoding: 'uint32',
    });
    this.expiry = this.env.openDB<string, [number, string]>('expiry', {
      encoding: 'string',
    });
  }

  /**
   * The store at `path`, shared with the other users in this process: LMDB wants one
   * environment per process, and sharing it lets every user see the others' writes at once.
   */
  static acquire(path: string): LmdbStore {
    let store = LmdbStore.instances.get(path);
    if (!store) {
      store = new LmdbStore(path);
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

  /** Runs `work` in one write transaction: everything or nothing is committed. */
  transaction<T>(work: () => T): T {
    try {
      return this.env.transactionSync(work);
    } finally {
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
    this.entries.putSync(key, record);
  }

  removeEntry(key: string): boolean {
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
    this.entries.clearSync();
  }

  /** Moves `key` in the expiry index from `previous` to `next` (0: not indexed). */
  reindexExpiry(key: string, previous: number, next: number): void {
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

  clearExpiry(): void {
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
    STATE_FIELDS.forEach((field, i) =>
      stateBuffer.writeDoubleLE(state[field], i * 8),
    );
    this.state.putSync(STATE_KEY, stateBuffer);
  }

  appendLog(seq: number, record: Buffer): void {
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
    this.meta.putSync(key, value);
  }

  getProcess<T>(pid: number): T | undefined {
    return this.procs.get(pid) as T | undefined;
  }

  putProcess(pid: number, record: unknown): void {
    this.procs.putSync(pid, record);
  }

  removeProcess(pid: number): void {
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
      await this.env.close();
    }
  }
}
