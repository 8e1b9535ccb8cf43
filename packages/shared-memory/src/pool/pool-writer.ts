import { Logger } from '@mvent/core';
import { PoolFullError } from '../errors/pool-full.error';
import { KeyTooLongError } from '../errors/key-too-long.error';
import { ValueTooLargeError } from '../errors/value-too-large.error';
import type { LmdbStore, LogState } from './lmdb-store';
import type { RecordFields, StoredRecord } from './record-layout';
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
  retentionCount: number;
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
 * Every write of a pool, each in one transaction of its store: values, log records, the byte
 * count, the expiry index. A value is packed before its transaction and sealed in it, bound
 * to its version and sequence number. When a write does not fit in `maxPoolBytes`, the log's
 * oldest records are trimmed to make room (readers further behind get a gap notice); only
 * when the entries alone do not leave room is the write refused with `PoolFullError`.
 */
export class PoolWriter {
  constructor(
    private readonly store: LmdbStore,
    private readonly codec: ValueCodec,
    private readonly limits: WriterLimits,
  ) {}

  /** Stores `value` under `key` (and logs it, with `log`). Returns the log's last sequence number. */
  write(key: string, value: unknown, ttlMs: number, log: boolean): number {
    KeyTooLongError.assertFits(key); // before encoding and before the lock
    const packed = this.pack(key, value);
    return this.store.transaction(
      () => this.writeInTransaction(key, packed, ttlMs, log),
      packed.length,
    );
  }

  /** Appends messages to the log only, in one transaction. Returns their sequence numbers. */
  appendMessages(
    messages: readonly { event: string; value: unknown }[],
  ): number[] {
    const packed = messages.map(({ event, value }) => this.pack(event, value));
    const valueBytes = packed.reduce((sum, bytes) => sum + bytes.length, 0);
    return this.store.transaction(() => {
      const state = this.store.readState();
      const firstNew = state.seq + 1;
      const now = Date.now();
      let needed = 0;
      const seqs = packed.map((bytes, i) => {
        const fields = this.fieldsOf(
          bytes,
          0,
          now,
          messages[i].event,
          state.seq + 1,
          true,
        );
        needed += this.appendToLog(state, messages[i].event, fields);
        return state.seq;
      });
      this.makeRoom(state, needed, firstNew);
      state.bytes += needed;
      this.store.writeState(state);
      return seqs;
    }, valueBytes);
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
      this.writeInTransaction(key, this.pack(key, next), ttlMs, false);
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

  /** Stores a packed value (and logs it, with `log`) inside the caller's transaction. */
  private writeInTransaction(
    key: string,
    packed: Buffer,
    ttlMs: number,
    log: boolean,
  ): number {
    const now = Date.now();
    const expiresAt = ttlMs ? now + ttlMs : 0;
    const state = this.store.readState();
    const firstNew = state.seq + 1;
    const previous = summarize(key, this.store.peekEntry(key));
    const version = (previous?.version ?? 0) + 1;
    const fields = this.fieldsOf(packed, expiresAt, now, key, version, false);
    const entry = encodeRecord(fields, version, '');
    this.store.reindexExpiry(key, previous?.expiresAt ?? 0, expiresAt);
    let needed = storedBytes(key, entry) - (previous?.bytes ?? 0);
    if (log) {
      const logged = this.codec.encrypted
        ? this.fieldsOf(packed, expiresAt, now, key, state.seq + 1, true)
        : fields; // unsealed bytes are the same wherever they are stored
      needed += this.appendToLog(state, key, logged);
    }
    this.makeRoom(state, needed, firstNew);
    state.bytes += needed;
    this.store.putEntry(key, entry);
    this.store.writeState(state);
    return state.seq;
  }

  /** A record's fields, the value sealed for where it goes. */
  private fieldsOf(
    packed: Buffer,
    expiresAt: number,
    timestamp: number,
    name: string,
    version: number,
    log: boolean,
  ): RecordFields {
    const { flags, payload } = this.codec.seal(packed, { name, version, log });
    return { flags, pid: process.pid, timestamp, expiresAt, payload };
  }

  /** Appends one record to the log; returns the bytes it adds, net of any record it trims. */
  private appendToLog(
    state: LogState,
    name: string,
    fields: RecordFields,
  ): number {
    state.seq += 1;
    const logged = encodeRecord(fields, state.seq, name);
    let freed = 0;
    if (state.seq - state.first + 1 > this.limits.retentionCount) {
      freed = this.trimOldest(state);
    }
    this.store.appendLog(state.seq, logged);
    return logged.length - freed;
  }

  /**
   * Makes room for `needed` more bytes by trimming the log's oldest records, never those of
   * this transaction (from `firstNew` on); refuses the write when that is not enough.
   */
  private makeRoom(state: LogState, needed: number, firstNew: number): void {
    let freed = 0;
    while (
      state.bytes - freed + needed > this.limits.maxPoolBytes &&
      state.first < firstNew
    ) {
      freed += this.trimOldest(state);
    }
    state.bytes -= freed;
    if (state.bytes + needed > this.limits.maxPoolBytes) {
      throw new PoolFullError(
        this.limits.name,
        state.bytes,
        needed,
        this.limits.maxPoolBytes,
      );
    }
  }

  /** Drops the log's oldest record; returns the bytes freed. */
  private trimOldest(state: LogState): number {
    const freed = this.store.logSize(state.first);
    this.store.removeLog(state.first);
    state.first += 1;
    return freed;
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
