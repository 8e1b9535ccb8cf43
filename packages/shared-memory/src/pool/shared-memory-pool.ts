import { join } from 'node:path';
import {
  DEFAULT_MAX_POOL_BYTES,
  DEFAULT_MAX_VALUE_BYTES,
  DEFAULT_RETENTION_AGE_MS,
  DEFAULT_RETENTION_COUNT,
} from '../constants';
import { EncryptionError } from '../errors/encryption.error';
import { PoolClosedError } from '../errors/pool-closed.error';
import { PoolFullError } from '../errors/pool-full.error';
import { ValueTooLargeError } from '../errors/value-too-large.error';
import type {
  GetWithMetadataOptions,
  PoolEntry,
  SetOptions,
} from '../interfaces/pool-entry.interface';
import type { PoolStats } from '../interfaces/pool-stats.interface';
import type { PoolVerification } from '../interfaces/pool-verification.interface';
import type { SharedMemoryOptions } from '../interfaces/shared-memory-options.interface';
import type { Duration } from './duration.util';
import { parseDuration } from './duration.util';
import { createMatcher } from './pattern-matcher';
import type { LogState } from './lmdb-store';
import { LmdbStore } from './lmdb-store';
import {
  assertValidPoolName,
  defaultPoolsDirectory,
} from './pool-location.util';
import { PoolHousekeeper } from './pool-housekeeper';
import { verifyPool } from './pool-verifier';
import type { PoolSettings } from './pool-settings';
import { adoptPoolSettings } from './pool-settings';
import type { RecordFields, StoredRecord } from './record-layout';
import {
  decodeRecord,
  encodeRecord,
  isExpired,
  readExpiresAt,
  readVersion,
} from './record-layout';
import { ValueCipher } from './value-cipher';
import { ValueCodec } from './value-codec';

const KEY_CHECK_META = 'keycheck';
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
  /** Largest pool (entries plus event log), in bytes: the pool's own setting (see {@link adoptPoolSettings}). */
  readonly maxPoolBytes: number;
  /** Log records kept at most (the pool's own setting). */
  readonly retentionCount: number;
  /** Log records older than this many ms are swept (the pool's own setting). */
  readonly retentionAgeMs: number;
  private readonly store: LmdbStore;
  private readonly codec: ValueCodec;
  private readonly housekeeper: PoolHousekeeper;
  private readonly encrypted: boolean;
  private closed: Promise<void> | undefined;

  constructor(options: SharedMemoryOptions) {
    assertValidPoolName(options.name);
    this.name = options.name;
    this.path = join(options.dir ?? defaultPoolsDirectory(), options.name);
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
    this.housekeeper = new PoolHousekeeper(this.store, this.retentionAgeMs);
  }

  /** Stores `value` under `key`, replacing any previous value. */
  set(key: string, value: unknown, options: SetOptions = {}): void {
    this.write(key, value, options.ttl);
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
    const store = this.open();
    return store.transaction(() => {
      const previous = summarize(key, store.peekEntry(key));
      if (!previous) {
        return false;
      }
      const state = store.readState();
      state.bytes -= previous.bytes;
      store.reindexExpiry(key, previous.expiresAt, 0);
      store.removeEntry(key);
      store.writeState(state);
      return !isExpired(previous.expiresAt, Date.now());
    });
  }

  /** Removes every entry (the event log is kept). */
  clear(): void {
    this.open().transaction(() => {
      const state = this.store.readState();
      for (const { key, value } of this.store.entryRange()) {
        state.bytes -= Buffer.byteLength(key) + value.length;
      }
      this.store.clearEntries();
      this.store.clearExpiry();
      this.store.writeState(state);
    });
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
    return verifyPool(this.open(), (key, record) =>
      this.decodeValue(key, record),
    );
  }

  /** Closes the pool's handles and timers. Idempotent. The pool's data stays for other processes. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      this.housekeeper.stop();
      await this.store.close();
    })();
    return this.closed;
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
    return this.write(event, value, ttl, true);
  }

  /**
   * @internal Appends messages to the event log only (no value is stored under their
   * names), all in one transaction. Returns their sequence numbers, in order.
   */
  appendMessages(
    messages: readonly { event: string; value: unknown }[],
  ): number[] {
    const store = this.openForWrite();
    const encoded = messages.map(({ event, value }) =>
      this.encode(event, value),
    );
    const valueBytes = encoded.reduce(
      (sum, { payload }) => sum + payload.length,
      0,
    );
    return store.transaction(() => {
      const state = store.readState();
      const now = Date.now();
      let needed = 0;
      const seqs = encoded.map(({ flags, payload }, i) => {
        needed += this.appendToLog(store, state, messages[i].event, {
          flags,
          pid: process.pid,
          timestamp: now,
          expiresAt: 0,
          payload,
        });
        return state.seq;
      });
      this.checkRoom(state, needed);
      state.bytes += needed;
      store.writeState(state);
      return seqs;
    }, valueBytes);
  }

  /**
   * Replaces the value of `key` with `updater(current)` in one transaction, so concurrent
   * updates from several processes never lose each other's changes. `current` is
   * `undefined` when the key is missing or expired. Returns the new value.
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
    const store = this.openForWrite();
    const ttlMs = options.ttl === undefined ? 0 : parseDuration(options.ttl);
    return store.transaction(() => {
      const buffer = store.peekEntry(key);
      const record = buffer && decodeRecord(buffer);
      const current =
        record && !isExpired(record.expiresAt, Date.now())
          ? (this.decodeValue(key, record) as T)
          : undefined;
      const next = updater(current);
      this.writeInTransaction(store, key, this.encode(key, next), ttlMs, false);
      return next;
      // The new value is not known yet: reserve room for the largest one.
    }, this.maxValueBytes);
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

  /** @internal Decodes a logged or stored payload. */
  decodeValue(key: string, record: StoredRecord): unknown {
    return this.codec.decode(key, record.flags, record.payload);
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

  private write(
    key: string,
    value: unknown,
    ttl: Duration | undefined,
    log = false,
  ): number {
    // A write transaction reads the latest commit by itself: no read snapshot to renew.
    const store = this.openForWrite();
    const ttlMs = ttl === undefined ? 0 : parseDuration(ttl);
    const encoded = this.encode(key, value);
    return store.transaction(
      () => this.writeInTransaction(store, key, encoded, ttlMs, log),
      encoded.payload.length,
    );
  }

  private encode(key: string, value: unknown): EncodedValue {
    const encoded = this.codec.encode(key, value);
    if (encoded.payload.length > this.maxValueBytes) {
      throw new ValueTooLargeError(
        key,
        encoded.payload.length,
        this.maxValueBytes,
      );
    }
    return encoded;
  }

  /** Stores an encoded value (and logs it, with `log`) inside the caller's transaction. */
  private writeInTransaction(
    store: LmdbStore,
    key: string,
    { flags, payload }: EncodedValue,
    ttlMs: number,
    log: boolean,
  ): number {
    const now = Date.now();
    const fields = {
      flags,
      pid: process.pid,
      timestamp: now,
      expiresAt: ttlMs ? now + ttlMs : 0,
      payload,
    };
    const state = store.readState();
    const previous = summarize(key, store.peekEntry(key));
    const entry = encodeRecord(fields, (previous?.version ?? 0) + 1, '');
    store.reindexExpiry(key, previous?.expiresAt ?? 0, fields.expiresAt);
    let needed = storedBytes(key, entry) - (previous?.bytes ?? 0);
    if (log) {
      needed += this.appendToLog(store, state, key, fields);
    }
    this.checkRoom(state, needed);
    state.bytes += needed;
    store.putEntry(key, entry);
    store.writeState(state);
    return state.seq;
  }

  /** Appends one record to the log; returns the bytes it adds, net of any record it trims. */
  private appendToLog(
    store: LmdbStore,
    state: LogState,
    name: string,
    fields: RecordFields,
  ): number {
    state.seq += 1;
    const logged = encodeRecord(fields, state.seq, name);
    const freed = this.trimOldest(state);
    store.appendLog(state.seq, logged);
    return logged.length - freed;
  }

  private checkRoom(state: LogState, needed: number): void {
    if (state.bytes + needed > this.maxPoolBytes) {
      throw new PoolFullError(
        this.name,
        state.bytes,
        needed,
        this.maxPoolBytes,
      );
    }
  }

  /** Drops the oldest log record when the log is over its count; returns the bytes freed. */
  private trimOldest(state: LogState): number {
    if (state.seq - state.first + 1 <= this.retentionCount) {
      return 0;
    }
    const freed = this.store.logSize(state.first);
    this.store.removeLog(state.first);
    state.first += 1;
    return freed;
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

/** A value encoded for storage. */
type EncodedValue = ReturnType<ValueCodec['encode']>;

/** What a write needs of the entry it replaces, read at once from a borrowed buffer. */
function summarize(
  key: string,
  record: Buffer | undefined,
): { version: number; expiresAt: number; bytes: number } | undefined {
  return record
    ? {
        version: readVersion(record),
        expiresAt: readExpiresAt(record),
        bytes: storedBytes(key, record),
      }
    : undefined;
}

/** The bytes an entry counts against `maxPoolBytes`: its key and its record. */
function storedBytes(key: string, record: Buffer | undefined): number {
  return record ? record.length + Buffer.byteLength(key) : 0;
}

function isMetadataRequest(value: unknown): value is GetWithMetadataOptions {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as GetWithMetadataOptions).withMetadata === true &&
    Object.keys(value).length === 1
  );
}
