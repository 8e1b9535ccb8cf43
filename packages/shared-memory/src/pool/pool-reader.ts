import { Logger } from '@mvent/core';
import { PoolFullError } from '../errors/pool-full.error';
import type { PoolEventLog } from '../event-log/pool-event-log';
import type { PoolEntry } from '../interfaces/pool-entry.interface';
import type { LmdbStore } from './lmdb-store';
import { createMatcher } from './pattern-matcher';
import type { StoredRecord } from './record-layout';
import {
  decodeRecord,
  isExpired,
  readExpiresAt,
  readVersion,
} from './record-layout';
import type { ValueCodec } from './value-codec';

const logger = new Logger('SharedMemoryPool');

/** What {@link PoolReader.value} returns for a key without a live value. */
export const MISSING = Symbol('missing');

/**
 * Every read of a pool's entries, the counterpart of {@link PoolWriter}: each read sees the
 * latest commits of every process (`open()` renews the store's snapshot and refuses a closed
 * pool), and an expired entry reads as missing. A value emitted since the last fold is read
 * from the event log ({@link value}), or folded into the store before reads that need more
 * than the value (metadata, versions, listings).
 */
export class PoolReader {
  constructor(
    private readonly poolName: string,
    /** The store, renewed for reading; throws `PoolClosedError` once the pool is closed. */
    private readonly open: () => LmdbStore,
    private readonly codec: ValueCodec,
    private readonly events: PoolEventLog,
  ) {}

  /**
   * `key`'s live value, or {@link MISSING}: from the log when its latest write is an emit not
   * folded yet (the key index tells), else from the store.
   */
  value(key: string): unknown {
    const logged = this.loggedRecord(key);
    if (logged) {
      return isExpired(logged.expiresAt, Date.now())
        ? MISSING
        : this.events.decodeValue(logged);
    }
    const record = this.liveRecord(key);
    return record ? this.decodeValue(key, record) : MISSING;
  }

  /** `key`'s live entry with its metadata, or `undefined`. */
  entry<T>(key: string): PoolEntry<T> | undefined {
    this.foldKey(key);
    const record = this.liveRecord(key);
    return (
      record && {
        value: this.decodeValue(key, record) as T,
        version: record.version,
        writerPid: record.pid,
        updatedAt: record.timestamp,
        expiresAt: record.expiresAt || undefined,
      }
    );
  }

  /** The version of `key`'s entry, read without decoding its value; `0` when it is missing. */
  versionOf(key: string): number {
    this.foldKey(key);
    const buffer = this.open().peekEntry(key);
    return buffer ? readVersion(buffer) : 0;
  }

  /** Whether `key` holds a live value. */
  has(key: string): boolean {
    const logged = this.loggedRecord(key);
    if (logged) return !isExpired(logged.expiresAt, Date.now());
    const buffer = this.open().peekEntry(key);
    return (
      buffer !== undefined && !isExpired(readExpiresAt(buffer), Date.now())
    );
  }

  /** Live keys, optionally filtered by a glob. */
  keys(pattern?: string): string[] {
    const matches = pattern ? createMatcher(pattern) : undefined;
    if (this.unfolded() >= 0) {
      this.events.fold();
    }
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
  all(): Record<string, unknown> {
    const all: Record<string, unknown> = {};
    for (const key of this.keys()) {
      const entry = this.entry(key);
      if (entry) {
        all[key] = entry.value;
      }
    }
    return all;
  }

  /** The value of an entry mvent keeps for itself, or `undefined` when it is unreadable. */
  internal<T>(
    key: string,
    parse: (value: unknown) => T | undefined,
  ): T | undefined {
    const record = this.liveRecord(key);
    return record && this.parseInternal(key, record, parse);
  }

  /** Decodes and checks an internal entry; `undefined` (and a warning) when it is unusable. */
  parseInternal<T>(
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
        `Pool "${this.poolName}": mvent's entry "${key}" cannot be read (tampered, or written with another key); it is replaced.`,
      );
    }
    return value;
  }

  /** Decodes the value of the entry `key`. */
  decodeValue(key: string, record: StoredRecord): unknown {
    return this.codec.decode(
      { name: key, version: record.version, log: false },
      record.flags,
      record.payload,
    );
  }

  /**
   * `key`'s latest record when it is an emit not folded yet (the key index tells), else
   * `undefined`: the store has it. A bucket whose latest record is another key's (or was
   * folded meanwhile) tells nothing of `key`: the log is folded first, or read when the disk
   * is too full to fold.
   */
  private loggedRecord(key: string): StoredRecord | undefined {
    const latest = this.unfolded(key);
    if (latest < 0) return undefined;
    const record = this.events.storedRecordAt(latest);
    if (record?.name === key) return record;
    try {
      this.events.fold();
      return undefined;
    } catch (error) {
      // A full disk: the store cannot take the log's values, so the log is read instead.
      if (!(error instanceof PoolFullError)) throw error;
      return this.events.latestStoredRecord(key, this.events.log.folded());
    }
  }

  /** Folds the log into the store when `key`'s latest write may not be folded yet. */
  private foldKey(key: string): void {
    if (this.unfolded(key) >= 0) {
      this.events.fold();
    }
  }

  /**
   * The position of the latest write of `key` (of any key without one) when it may not be
   * folded into the store yet, else -1. The log's `folded` is raised only after a fold
   * commits, so it never claims more than the store holds.
   */
  private unfolded(key?: string): number {
    this.open(); // first: refuses a closed pool (whose log is unmapped)
    const index = this.events.log.index;
    const latest = key === undefined ? index.lastStored() : index.latest(key);
    return latest >= this.events.log.folded() ? latest : -1;
  }

  private liveRecord(key: string): StoredRecord | undefined {
    const buffer = this.open().peekEntry(key);
    const record = buffer && decodeRecord(buffer);
    return record && !isExpired(record.expiresAt, Date.now())
      ? record
      : undefined;
  }
}
