import { Logger } from '@mvent/core';
import { PoolFullError } from '../errors/pool-full.error';
import { KeyTooLongError } from '../errors/key-too-long.error';
import { ValueTooLargeError } from '../errors/value-too-large.error';
import type { PoolEventLog } from '../event-log/pool-event-log';
import type { LmdbStore } from './lmdb-store';
import type { StoredRecord } from './record-layout';
import {
  decodeRecord,
  encodeRecord,
  isExpired,
  readExpiresAt,
  readVersion,
} from './record-layout';
import type { ValueCodec } from './value-codec';

/** What the writer must know of its pool. */
export interface WriterLimits {
  name: string;
  maxValueBytes: number;
  maxPoolBytes: number;
}

/**
 * An updater running longer than this holds the pool's lock long enough to stall every other
 * process's writes visibly: it is reported.
 */
export const SLOW_UPDATER_MS = 100;
/** The envelope a keyed pool adds to a value: version, IV and tag. */
const SEALED_OVERHEAD_BYTES = 29;

const logger = new Logger('SharedMemoryPool');

/**
 * Every write of a pool's entries, each in one transaction of its store: values, the byte
 * count, the expiry index. A value is packed before its transaction and sealed in it, bound
 * to its version. A write that does not fit in `maxPoolBytes` is refused with
 * `PoolFullError`. An emitted value is appended to the event log after its commit, still
 * under the pool's lock, so that the log's order and the values' order agree.
 */
export class PoolWriter {
  constructor(
    private readonly store: LmdbStore,
    private readonly codec: ValueCodec,
    private readonly limits: WriterLimits,
    private readonly events: PoolEventLog,
  ) {}

  /** Stores `value` under `key`. */
  write(key: string, value: unknown, ttlMs: number): void {
    KeyTooLongError.assertFits(key); // before encoding and before the lock
    const packed = this.pack(key, value);
    this.store.transaction(
      () => this.writeInTransaction(key, packed, ttlMs),
      packed.length,
    );
  }

  /** Stores `value` under `key` and appends it to the event log; returns its position there. */
  emit(key: string, value: unknown, ttlMs: number): number {
    KeyTooLongError.assertFits(key);
    const packed = this.pack(key, value);
    return this.store.transaction(
      () => this.writeInTransaction(key, packed, ttlMs),
      packed.length,
      expiresAt => this.events.append(key, packed, expiresAt),
    );
  }

  /** Appends a message to the event log only: no lock, no transaction. Returns its position. */
  publish(event: string, value: unknown): number {
    return this.events.append(event, this.pack(event, value), 0);
  }

  /** Replaces `key`'s value with `updater(current)` in one transaction. */
  update<T>(
    key: string,
    updater: (current: T | undefined) => T,
    ttlMs: number,
    current: (record: StoredRecord) => T | undefined,
  ): T {
    return this.store.transaction(() => {
      const buffer = this.store.peekEntry(key);
      const record = buffer && decodeRecord(buffer);
      const value =
        record && !isExpired(record.expiresAt, Date.now())
          ? current(record)
          : undefined;
      const started = performance.now();
      const next = updater(value);
      reportSlowUpdater(key, performance.now() - started);
      this.writeInTransaction(key, this.pack(key, next), ttlMs);
      return next;
      // The new value is not known yet: reserve room for the largest one.
    }, this.limits.maxValueBytes);
  }

  /** Removes `key`; `true` when it held a live value. */
  delete(key: string): boolean {
    return this.store.transaction(() => {
      const previous = summarize(key, this.store.peekEntry(key));
      if (!previous) {
        return false;
      }
      const state = this.store.readState();
      state.bytes -= previous.bytes;
      this.store.reindexExpiry(key, previous.expiresAt, 0);
      this.store.removeEntry(key);
      this.store.writeState(state);
      return !isExpired(previous.expiresAt, Date.now());
    });
  }

  /** Removes every entry (the event log is kept). */
  clear(): void {
    this.store.transaction(() => {
      const state = this.store.readState();
      for (const { key, value } of this.store.entryRange()) {
        state.bytes -= Buffer.byteLength(key) + value.length;
      }
      this.store.clearEntries();
      this.store.clearExpiry();
      this.store.writeState(state);
    });
  }

  private pack(key: string, value: unknown): Buffer {
    const packed = this.codec.pack(key, value);
    const size =
      packed.length + (this.codec.encrypted ? SEALED_OVERHEAD_BYTES : 0);
    if (size > this.limits.maxValueBytes) {
      throw new ValueTooLargeError(key, size, this.limits.maxValueBytes);
    }
    return packed;
  }

  /** Stores a packed value inside the caller's transaction; returns its expiry time. */
  private writeInTransaction(
    key: string,
    packed: Buffer,
    ttlMs: number,
  ): number {
    const now = Date.now();
    const expiresAt = ttlMs ? now + ttlMs : 0;
    const state = this.store.readState();
    const previous = summarize(key, this.store.peekEntry(key));
    const version = (previous?.version ?? 0) + 1;
    const { flags, payload } = this.codec.seal(packed, {
      name: key,
      version,
      log: false,
    });
    const fields = {
      flags,
      pid: process.pid,
      timestamp: now,
      expiresAt,
      payload,
    };
    const entry = encodeRecord(fields, version, '');
    const needed = storedBytes(key, entry) - (previous?.bytes ?? 0);
    if (state.bytes + needed > this.limits.maxPoolBytes) {
      throw new PoolFullError(
        this.limits.name,
        state.bytes,
        needed,
        this.limits.maxPoolBytes,
      );
    }
    this.store.reindexExpiry(key, previous?.expiresAt ?? 0, expiresAt);
    state.bytes += needed;
    this.store.putEntry(key, entry);
    this.store.writeState(state);
    return expiresAt;
  }
}

function reportSlowUpdater(key: string, ms: number): void {
  if (ms > SLOW_UPDATER_MS) {
    logger.warn(
      `pool.update("${key}"): the updater ran ${Math.round(ms)} ms while holding the pool's lock, so every other process's writes waited that long. Keep updaters short and synchronous; do slow work before the update.`,
    );
  }
}

/** What a write needs of the entry it replaces, read at once from a borrowed buffer. */
export function summarize(
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
