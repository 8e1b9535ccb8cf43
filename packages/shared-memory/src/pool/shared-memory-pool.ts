import type { ApplicationGraph } from '@mvent/core';
import { PoolClosedError } from '../errors/pool-closed.error';
import type { PoolEventLog } from '../event-log/pool-event-log';
import type {
  GetWithMetadataOptions,
  PoolEntry,
  SetOptions,
} from '../interfaces/pool-entry.interface';
import type { PoolStats } from '../interfaces/pool-stats.interface';
import type { PoolVerification } from '../interfaces/pool-verification.interface';
import type { SharedMemoryOptions } from '../interfaces/shared-memory-options.interface';
import type {
  AttachedProcess,
  DepartedProcess,
} from '../monitoring/stats.interface';
import type { Duration } from './duration.util';
import { parseDuration } from './duration.util';
import type { LmdbStore, PoolState } from './lmdb-store';
import { PoolHousekeeper } from './pool-housekeeper';
import { openPool } from './pool-opening';
import { MISSING, PoolReader } from './pool-reader';
import { verifyPool } from './pool-verifier';
import { PoolWriter } from './pool-writer';
import { defaultRole } from './process-departures';
import type { StoredRecord } from './record-layout';

export type { LoggedEvent } from '../event-log/pool-event-log';

/**
 * A key/value pool shared by every process on this machine that opens the same name:
 * values with TTLs, versions and writer pids, stored in LMDB on tmpfs. It also holds the
 * event log (a file of its own, written without locks) that `MemoryEventBus` appends to.
 *
 * @example
 * ```ts
 * const pool = new SharedMemoryPool({ name: 'sessions' });
 * pool.set('user:1', { name: 'Ada' }, { ttl: '30m' });
 * pool.get('user:1'); // { name: 'Ada' } in every process
 * await pool.close();
 * ```
 * @publicApi
 */
export class SharedMemoryPool {
  /** The pool's name. */
  readonly name: string;
  /** The pool's directory. */
  readonly path: string;
  /** Largest encoded value this process writes, in bytes. */
  readonly maxValueBytes: number;
  /** Largest pool entries, in bytes: the pool's own setting (the first process to open the pool chose it). */
  readonly maxPoolBytes: number;
  /** The event log's size in bytes (the pool's own setting). */
  readonly logBytes: number;
  /** Replays leave out events older than this many ms (the pool's own setting). */
  readonly retentionAgeMs: number;
  /** @internal The pool's event log. */
  readonly events: PoolEventLog;
  private readonly store: LmdbStore;
  private readonly housekeeper: PoolHousekeeper;
  private readonly reader: PoolReader;
  private readonly poolWriter: PoolWriter;
  private readonly encrypted: boolean;
  private closed: Promise<void> | undefined;
  /** What closes with the pool, first: the buses on it. */
  private readonly dependents = new Set<{ close(): Promise<void> }>();

  constructor(options: SharedMemoryOptions) {
    const opened = openPool(options);
    ({
      name: this.name,
      path: this.path,
      maxValueBytes: this.maxValueBytes,
      maxPoolBytes: this.maxPoolBytes,
      logBytes: this.logBytes,
      retentionAgeMs: this.retentionAgeMs,
      events: this.events,
      store: this.store,
      encrypted: this.encrypted,
    } = opened);
    this.reader = new PoolReader(
      this.name,
      () => this.open(),
      opened.codec,
      this.events,
    );
    this.poolWriter = new PoolWriter(
      this.store,
      opened.codec,
      this,
      this.events,
    );
    this.housekeeper = PoolHousekeeper.acquire(
      this.store,
      options.role ?? defaultRole(),
    );
  }

  /** Stores `value` under `key`, replacing any previous value. */
  set(key: string, value: unknown, options: SetOptions = {}): void {
    this.writer().write(key, value, ttlOf(options.ttl));
  }

  /** The value of `key` with its version, writer and expiry. */
  get<T = unknown>(
    key: string,
    options: GetWithMetadataOptions,
  ): PoolEntry<T> | undefined;
  /** The value of `key`, or `defaultValue` when it is missing or expired. */
  get<T = unknown>(key: string, defaultValue?: T): T | undefined;
  get<T>(key: string, second?: T | GetWithMetadataOptions): unknown {
    if (isMetadataRequest(second)) {
      return this.reader.entry<T>(key);
    }
    const value = this.reader.value(key);
    return value === MISSING ? second : value;
  }

  /** The version of `key`'s entry, read without decoding its value; `0` when it is missing. */
  versionOf(key: string): number {
    return this.reader.versionOf(key);
  }

  /** Whether `key` holds a live value. */
  has(key: string): boolean {
    return this.reader.has(key);
  }

  /** Removes `key`; `true` when it held a live value. */
  delete(key: string): boolean {
    return this.writer().delete(key);
  }

  /** Removes every entry (the event log is kept). */
  clear(): void {
    this.writer().clear();
  }

  /** Live keys, optionally filtered by a glob (`user:*`, `job.**`). */
  keys(pattern?: string): string[] {
    return this.reader.keys(pattern);
  }

  /** Every live entry as `{ key: value }`. */
  getAll(): Record<string, unknown> {
    return this.reader.all();
  }

  /** Sizes and counts of the pool. */
  getStats(): PoolStats {
    const entries = this.keys().length; // first: it folds what was emitted
    const state = this.open().readState();
    return {
      name: this.name,
      path: this.path,
      entries,
      bytes: state.bytes,
      maxPoolBytes: this.maxPoolBytes,
      expired: state.expired,
      lastSeq: this.events.tail(),
      logRecords: this.events.retainedRecords(),
      attachedProcesses: this.housekeeper.attachedPids().length,
      encrypted: this.encrypted,
    };
  }

  /**
   * Checks the pool's integrity from one consistent snapshot: every entry and log record
   * decodes, the log's sequence numbers run without a hole from the first record kept to the
   * last, the byte count equals a recount, and the expiry index matches the entries. It folds
   * the values emitted so far into the entries first, then only reads, so it is safe while
   * other processes write; it reads the whole pool, so it takes about a second per 500k records.
   *
   * @example
   * ```ts
   * const { ok, problems } = pool.verify();
   * if (!ok) console.error(problems.join('\n'));
   * ```
   */
  verify(): PoolVerification {
    // Values emitted so far are checked as entries; on a full disk they stay in the log,
    // and the check that the log still holds them covers them.
    this.poolWriter.folder.foldOrWarn();
    return verifyPool(
      this.open(),
      this.events.read(),
      () => this.events.retained(),
      {
        entry: (key, record) => this.decodeValue(key, record),
        log: record => this.decodeLogValue(record),
      },
    );
  }

  /** Closes the pool's handles and timers. Idempotent. The pool's data stays for other processes. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      // The buses first, so that no timer or wake-up of theirs reads a closed store.
      for (const dependent of [...this.dependents]) {
        await dependent.close().catch(() => undefined);
      }
      try {
        // A pool at rest then needs no fold by its next reader (which reads the whole log).
        this.poolWriter.folder.foldOrWarn();
        this.housekeeper.release();
      } finally {
        this.events.log.release();
        await this.store.close();
      }
    })();
    return this.closed;
  }

  /** Whether `close()` was called. */
  get isClosed(): boolean {
    return this.closed !== undefined;
  }

  /**
   * @internal Closes `dependent` (a bus) when the pool closes, before the pool's store.
   * Returns a function that undoes it.
   */
  closesWith(dependent: { close(): Promise<void> }): () => void {
    this.dependents.add(dependent);
    return () => this.dependents.delete(dependent);
  }

  /** Closes the pool when the application shuts down. */
  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  /**
   * @internal Writes `value` under `event`, then appends it to the event log, under the pool's
   * lock. Returns the event's position in the log.
   */
  appendEvent(event: string, value: unknown, ttl?: Duration): number {
    return this.writer().emit(event, value, ttlOf(ttl));
  }

  /** @internal Appends a message to the event log only, without a lock. Returns its position. */
  appendMessage(event: string, value: unknown): number {
    return this.writer().publish(event, value);
  }

  /**
   * Replaces the value of `key` with `updater(current)` in one transaction, so concurrent
   * updates from several processes never lose each other's changes. `current` is
   * `undefined` when the key is missing or expired. Returns the new value. The updater runs
   * while the pool's lock is held, so every other process's writes wait for it: keep it short
   * (one that runs over 100 ms is reported in the log).
   *
   * @example
   * ```ts
   * pool.update<number>('visits', n => (n ?? 0) + 1);
   * ```
   */
  update<T>(
    key: string,
    updater: (current: T | undefined) => T,
    options: SetOptions = {},
  ): T {
    return this.writer().update<T>(
      key,
      updater,
      ttlOf(options.ttl),
      record => this.decodeValue(key, record) as T,
    );
  }

  /**
   * @internal `update` of an entry mvent keeps for itself (route table, room members): a
   * current value that cannot be read or that `parse` rejects (planted, or from another key)
   * is replaced, with a warning, instead of failing every later update.
   */
  updateInternal<T>(
    key: string,
    parse: (value: unknown) => T | undefined,
    updater: (current: T | undefined) => T,
  ): T {
    return this.writer().update<T>(key, updater, 0, record =>
      this.reader.parseInternal(key, record, parse),
    );
  }

  /** @internal The value of an entry mvent keeps for itself, or `undefined` when it is unreadable. */
  getInternal<T>(
    key: string,
    parse: (value: unknown) => T | undefined,
  ): T | undefined {
    return this.reader.internal(key, parse);
  }

  /** @internal The pool's totals. */
  state(): PoolState {
    return this.open().readState();
  }

  /**
   * @internal Lets go of this process's LMDB read snapshot (it is taken again at the next
   * read). A snapshot kept for long keeps LMDB from reusing the pages it sees, so every other
   * process's commits grow the file and slow down: a bus that reads only the event log calls
   * this from its safety poll.
   */
  releaseSnapshot(): void {
    if (!this.closed) this.store.refresh();
  }

  /** @internal Decodes the value of the entry `key`. */
  decodeValue(key: string, record: StoredRecord): unknown {
    return this.reader.decodeValue(key, record);
  }

  /** @internal Decodes the value of an event read from the log. */
  decodeLogValue(record: StoredRecord): unknown {
    return this.events.decodeValue(record);
  }

  /** The pids of the live processes attached to the pool, this one included (for operators). */
  attachedPids(): number[] {
    return this.housekeeper.attachedPids();
  }

  /**
   * The live processes attached to the pool, this one included: when each attached, its
   * last heartbeat, and the statistics it last published (about once a second). For
   * operators' tools, such as the dashboard's process list.
   */
  attachedProcesses(): AttachedProcess[] {
    return this.housekeeper
      .liveRecords()
      .map(({ pid, role, attachedAt, heartbeatAt, stats }) => ({
        pid,
        role: role ?? 'node',
        attachedAt,
        heartbeatAt,
        stats,
      }));
  }

  /**
   * The application graph process `pid` published (with `SharedMemoryModule`), if any: its
   * modules and handlers, as `ApplicationGraphService` describes them.
   */
  applicationGraphOf(pid: number): ApplicationGraph | undefined {
    return this.housekeeper.graphOf(pid);
  }

  /**
   * The last `DEPARTURES_KEPT` (20) processes that left the pool, newest first: those that
   * closed it, and those found dead (killed, crashed) and removed by a peer.
   */
  departedProcesses(): DepartedProcess[] {
    return this.housekeeper.departures();
  }

  /** @internal The attachment registry (peers, stats, sweeper). */
  get processes(): PoolHousekeeper {
    return this.housekeeper;
  }

  private writer(): PoolWriter {
    this.openForWrite();
    return this.poolWriter;
  }

  /** The store, reading the latest commits of every process. */
  private open(): LmdbStore {
    this.openForWrite().refresh();
    return this.store;
  }

  /** The store, for a write transaction. */
  private openForWrite(): LmdbStore {
    if (this.closed) {
      throw new PoolClosedError(this.name);
    }
    return this.store;
  }
}

/** A TTL in ms, `0` for none. */
function ttlOf(ttl: Duration | undefined): number {
  return ttl === undefined ? 0 : parseDuration(ttl);
}

function isMetadataRequest(value: unknown): value is GetWithMetadataOptions {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as GetWithMetadataOptions).withMetadata === true &&
    Object.keys(value).length === 1
  );
}
