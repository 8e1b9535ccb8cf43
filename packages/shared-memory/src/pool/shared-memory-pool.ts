import { join } from 'node:path';
import {
  DEFAULT_MAX_POOL_BYTES,
  DEFAULT_MAX_VALUE_BYTES,
  DEFAULT_RETENTION_AGE_MS,
  DEFAULT_RETENTION_COUNT,
} from '../constants';
import { EncryptionError } from '../errors/encryption.error';
import { PoolClosedError } from '../errors/pool-closed.error';
import type {
  GetWithMetadataOptions,
  PoolEntry,
  SetOptions,
} from '../interfaces/pool-entry.interface';
import type { PoolStats } from '../interfaces/pool-stats.interface';
import type {
  AttachedProcess,
  DepartedProcess,
} from '../monitoring/stats.interface';
import type { PoolVerification } from '../interfaces/pool-verification.interface';
import type { SharedMemoryOptions } from '../interfaces/shared-memory-options.interface';
import type { Duration } from './duration.util';
import { parseDuration } from './duration.util';
import { createMatcher } from './pattern-matcher';
import type { LogState } from './lmdb-store';
import type { ApplicationGraph } from '@mvent/core';
import { Logger } from '@mvent/core';
import { LmdbStore } from './lmdb-store';
import {
  assertValidPoolName,
  defaultPoolsDirectory,
} from './pool-location.util';
import { ensureOwnedDirectory } from './owned-directory.util';
import { PoolHousekeeper } from './pool-housekeeper';
import { defaultRole } from './process-departures';
import { verifyPool } from './pool-verifier';
import type { PoolSettings } from './pool-settings';
import { adoptPoolSettings } from './pool-settings';
import { PoolWriter } from './pool-writer';
import type { StoredRecord } from './record-layout';
import {
  decodeRecord,
  isExpired,
  readExpiresAt,
  readVersion,
} from './record-layout';
import { ValueCipher } from './value-cipher';
import { ValueCodec } from './value-codec';

const KEY_CHECK_META = 'keycheck';
const logger = new Logger('SharedMemoryPool');
const MAX_UINT32 = 0xffffffff;

/** An event as read back from the log, before its value is decoded. */
export interface LoggedEvent {
  seq: number;
  record: StoredRecord;
}

/**
 * A key/value pool shared by every process on this machine that opens the same name:
 * values with TTLs, versions and writer pids, stored in LMDB on tmpfs. It also holds the
 * event log that `MemoryEventBus` appends to in the same transaction as the value.
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
  /** Largest pool (entries plus event log), in bytes: the pool's own setting (the first process to open the pool chose it). */
  readonly maxPoolBytes: number;
  /** Log records kept at most (the pool's own setting). */
  readonly retentionCount: number;
  /** Log records older than this many ms are swept (the pool's own setting). */
  readonly retentionAgeMs: number;
  private readonly store: LmdbStore;
  private readonly codec: ValueCodec;
  private readonly housekeeper: PoolHousekeeper;
  private readonly poolWriter: PoolWriter;
  private readonly encrypted: boolean;
  private closed: Promise<void> | undefined;
  /** What closes with the pool, first: the buses on it. */
  private readonly dependents = new Set<{ close(): Promise<void> }>();

  constructor(options: SharedMemoryOptions) {
    assertValidPoolName(options.name);
    this.name = options.name;
    const folder = options.dir ?? defaultPoolsDirectory();
    this.path = join(folder, options.name);
    ensureOwnedDirectory(folder, 'pools folder');
    ensureOwnedDirectory(this.path, 'pool');
    this.maxValueBytes = options.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES;
    const requested: PoolSettings = {
      maxPoolBytes: options.maxPoolBytes ?? DEFAULT_MAX_POOL_BYTES,
      retentionCount: options.retention?.count ?? DEFAULT_RETENTION_COUNT,
      retentionAgeMs: parseDuration(
        options.retention?.age ?? DEFAULT_RETENTION_AGE_MS,
      ),
    };
    this.store = LmdbStore.acquire(this.path, {
      name: this.name,
      mapSize: mapSizeFor(requested.maxPoolBytes),
    });
    const cipher = options.encryptionKey
      ? new ValueCipher(options.encryptionKey, this.name)
      : undefined;
    this.encrypted = cipher !== undefined;
    try {
      ({
        maxPoolBytes: this.maxPoolBytes,
        retentionCount: this.retentionCount,
        retentionAgeMs: this.retentionAgeMs,
      } = adoptPoolSettings(this.store, this.name, requested));
      if (cipher) {
        this.checkKey(cipher);
      }
    } catch (error) {
      void this.store.close();
      throw error;
    }
    this.codec = new ValueCodec(cipher);
    this.poolWriter = new PoolWriter(this.store, this.codec, this);
    this.housekeeper = PoolHousekeeper.acquire(
      this.store,
      this.retentionAgeMs,
      options.role ?? defaultRole(),
    );
  }

  /** Stores `value` under `key`, replacing any previous value. */
  set(key: string, value: unknown, options: SetOptions = {}): void {
    this.writer().write(key, value, ttlOf(options.ttl), false);
  }

  /** The value of `key` with its version, writer and expiry. */
  get<T = unknown>(
    key: string,
    options: GetWithMetadataOptions,
  ): PoolEntry<T> | undefined;
  /** The value of `key`, or `defaultValue` when it is missing or expired. */
  get<T = unknown>(key: string, defaultValue?: T): T | undefined;
  get<T>(key: string, second?: T | GetWithMetadataOptions): unknown {
    const entry = this.getEntry<T>(key);
    if (isMetadataRequest(second)) {
      return entry;
    }
    return entry ? entry.value : second;
  }

  /** The version of `key`'s entry, read without decoding its value; `0` when it is missing. */
  versionOf(key: string): number {
    const buffer = this.open().peekEntry(key);
    return buffer ? readVersion(buffer) : 0;
  }

  /** Whether `key` holds a live value. */
  has(key: string): boolean {
    const buffer = this.open().peekEntry(key);
    return (
      buffer !== undefined && !isExpired(readExpiresAt(buffer), Date.now())
    );
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
    const matches = pattern ? createMatcher(pattern) : undefined;
    const now = Date.now();
    const keys: string[] = [];
    for (const { key, value } of this.open().entryRange()) {
      if (!isExpired(readExpiresAt(value), now) && (!matches || matches(key))) {
        keys.push(key);
      }
    }
    return keys;
  }

  /** Every live entry as `{ key: value }`. */
  getAll(): Record<string, unknown> {
    const all: Record<string, unknown> = {};
    for (const key of this.keys()) {
      const entry = this.getEntry(key);
      if (entry) {
        all[key] = entry.value;
      }
    }
    return all;
  }

  /** Sizes and counts of the pool. */
  getStats(): PoolStats {
    const state = this.open().readState();
    return {
      name: this.name,
      path: this.path,
      entries: this.keys().length,
      bytes: state.bytes,
      maxPoolBytes: this.maxPoolBytes,
      expired: state.expired,
      lastSeq: state.seq,
      logRecords: state.seq - state.first + 1,
      attachedProcesses: this.housekeeper.attachedPids().length,
      encrypted: this.encrypted,
    };
  }

  /**
   * Checks the pool's integrity from one consistent snapshot: every entry and log record
   * decodes, the log's sequence numbers run without a hole from the first record kept to the
   * last, the byte count equals a recount, and the expiry index matches the entries. Reads
   * only, so it is safe while other processes write; it reads the whole pool, so it takes
   * about a second per 500k records.
   *
   * @example
   * ```ts
   * const { ok, problems } = pool.verify();
   * if (!ok) console.error(problems.join('\n'));
   * ```
   */
  verify(): PoolVerification {
    return verifyPool(this.open(), {
      entry: (key, record) => this.decodeValue(key, record),
      log: (seq, record) => this.decodeLogValue(seq, record),
    });
  }

  /** Closes the pool's handles and timers. Idempotent. The pool's data stays for other processes. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      // The buses first, so that no timer or wake-up of theirs reads a closed store.
      for (const dependent of [...this.dependents]) {
        await dependent.close().catch(() => undefined);
      }
      this.housekeeper.release();
      await this.store.close();
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
   * @internal Writes `value` under `event` and appends it to the event log, in one
   * transaction. Returns the event's sequence number.
   */
  appendEvent(event: string, value: unknown, ttl?: Duration): number {
    return this.writer().write(event, value, ttlOf(ttl), true);
  }

  /**
   * @internal Appends messages to the event log only (no value is stored under their
   * names), all in one transaction. Returns their sequence numbers, in order.
   */
  appendMessages(
    messages: readonly { event: string; value: unknown }[],
  ): number[] {
    return this.writer().appendMessages(messages);
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
      this.parseInternal(key, record, parse),
    );
  }

  /** @internal The value of an entry mvent keeps for itself, or `undefined` when it is unreadable. */
  getInternal<T>(
    key: string,
    parse: (value: unknown) => T | undefined,
  ): T | undefined {
    const buffer = this.open().peekEntry(key);
    const record = buffer && decodeRecord(buffer);
    return record && !isExpired(record.expiresAt, Date.now())
      ? this.parseInternal(key, record, parse)
      : undefined;
  }

  /** @internal Log records from the newest back, in the snapshot of the last {@link logState} call. */
  *readLogBackwards(): Generator<LoggedEvent> {
    if (this.closed) {
      throw new PoolClosedError(this.name);
    }
    for (const { seq, record } of this.store.logRange(
      MAX_UINT32, // the log's keys are uint32
      true,
    )) {
      const decoded = decodeRecord(record);
      if (decoded) {
        yield { seq, record: decoded };
      }
    }
  }

  /** @internal The log's sequence numbers and size. */
  logState(): LogState {
    return this.open().readState();
  }

  /**
   * @internal The log record `seq` as of this synchronous run (the read snapshot is renewed
   * once per run), or `undefined` when it is not (or no longer) in the log. Its payload is borrowed from the
   * store: decode it before the next read of this pool.
   */
  peekLogRecord(seq: number): StoredRecord | undefined {
    const buffer = this.open().peekLog(seq);
    return buffer && decodeRecord(buffer);
  }

  /** @internal Log records from `from` on, in the snapshot of the last {@link logState} call. */
  *readLog(from: number): Generator<LoggedEvent> {
    if (this.closed) {
      throw new PoolClosedError(this.name);
    }
    for (const { seq, record } of this.store.logRange(from)) {
      const decoded = decodeRecord(record);
      if (decoded) {
        yield { seq, record: decoded };
      }
    }
  }

  /** @internal Decodes the value of the entry `key`. */
  decodeValue(key: string, record: StoredRecord): unknown {
    return this.codec.decode(
      { name: key, version: record.version, log: false },
      record.flags,
      record.payload,
    );
  }

  /**
   * @internal Decodes the value of the log record stored at `seq`. The value is bound to
   * that position, whatever the record's header says: a record copied elsewhere in the log
   * does not decode in a keyed pool.
   */
  decodeLogValue(seq: number, record: StoredRecord): unknown {
    return this.codec.decode(
      { name: record.name, version: seq, log: true },
      record.flags,
      record.payload,
    );
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

  private getEntry<T>(key: string): PoolEntry<T> | undefined {
    const buffer = this.open().peekEntry(key);
    const record = buffer && decodeRecord(buffer);
    if (!record || isExpired(record.expiresAt, Date.now())) {
      return undefined;
    }
    return {
      value: this.decodeValue(key, record) as T,
      version: record.version,
      writerPid: record.pid,
      updatedAt: record.timestamp,
      expiresAt: record.expiresAt || undefined,
    };
  }

  /** Decodes and checks an internal entry; `undefined` (and a warning) when it is unusable. */
  private parseInternal<T>(
    key: string,
    record: StoredRecord,
    parse: (value: unknown) => T | undefined,
  ): T | undefined {
    let value: T | undefined;
    try {
      value = parse(this.decodeValue(key, record));
    } catch {
      value = undefined;
    }
    if (value === undefined) {
      logger.warn(
        `Pool "${this.name}": mvent's entry "${key}" cannot be read (tampered, or written with another key); it is replaced.`,
      );
    }
    return value;
  }

  private writer(): PoolWriter {
    this.openForWrite();
    return this.poolWriter;
  }

  private checkKey(cipher: ValueCipher): void {
    this.store.transaction(() => {
      const check = this.store.getMeta<Uint8Array>(KEY_CHECK_META);
      if (!check) {
        this.store.putMeta(KEY_CHECK_META, cipher.keyCheck());
      } else if (!cipher.matches(check)) {
        throw EncryptionError.wrongKey(this.name);
      }
    });
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

/**
 * LMDB's map size for a pool: address space, not memory (the map is read-only and the file
 * grows page by page), with room for the B-tree and for pages still read by old snapshots.
 */
function mapSizeFor(maxPoolBytes: number): number {
  const MIB = 1024 * 1024;
  return Math.ceil((maxPoolBytes * 2) / MIB) * MIB + 64 * MIB;
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
