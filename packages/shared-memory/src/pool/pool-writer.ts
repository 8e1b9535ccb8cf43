import { Logger } from '@mvent/core';
import { PoolFullError } from '../errors/pool-full.error';
import { KeyTooLongError } from '../errors/key-too-long.error';
import { ValueTooLargeError } from '../errors/value-too-large.error';
import type { PoolEventLog } from '../event-log/pool-event-log';
import type { LmdbStore } from './lmdb-store';
import type { StoredRecord } from './record-layout';
import { decodeRecord, isExpired, RECORD_HEADER_BYTES } from './record-layout';
import type { WriterLimits } from './entry-writer';
import {
  EntryWriter,
  newRecord,
  SEALED_OVERHEAD_BYTES,
  summarize,
} from './entry-writer';
import { LogFolder } from './log-folder';
import type { ValueCodec } from './value-codec';

/**
 * An updater running longer than this holds the pool's lock long enough to stall every other
 * process's writes visibly: it is reported.
 */
export const SLOW_UPDATER_MS = 100;

const logger = new Logger('SharedMemoryPool');

/**
 * Every write of a pool's entries. `emit` appends the value to the event log only, without
 * the pool's lock: the {@link LogFolder} moves it into the store later, and readers find it in
 * the log meanwhile through the key index. Every other write runs in one transaction of the
 * store, after a fold, so that it comes after every `emit` committed before it. A value is
 * packed before its transaction and sealed in it, bound to its version. A write that does not
 * fit in `maxPoolBytes` is refused with `PoolFullError`.
 */
export class PoolWriter {
  readonly folder: LogFolder;
  private readonly entries: EntryWriter;

  constructor(
    private readonly store: LmdbStore,
    private readonly codec: ValueCodec,
    private readonly limits: WriterLimits,
    private readonly events: PoolEventLog,
  ) {
    this.entries = new EntryWriter(store, codec, limits);
    this.folder = new LogFolder(
      limits.name,
      store,
      events,
      codec,
      (key, packed, record, writes) =>
        this.entries.write(key, packed, record, writes, false),
    );
    events.foldWith(() => this.folder.fold());
  }

  /** Stores `value` under `key`. */
  write(key: string, value: unknown, ttlMs: number): void {
    KeyTooLongError.assertFits(key); // before encoding and before the lock
    const packed = this.pack(key, value);
    this.transaction(
      () => this.entries.write(key, packed, newRecord(ttlMs), 1, true),
      packed.length,
    );
  }

  /**
   * Appends `value` to the event log as `key`'s new value; returns its position there. The
   * pool's size is checked against its last fold plus everything appended since (folding
   * first when that might not fit), so writers racing this one may take the pool past
   * `maxPoolBytes` by their own values.
   */
  emit(key: string, value: unknown, ttlMs: number): number {
    KeyTooLongError.assertFits(key);
    const packed = this.pack(key, value);
    this.assertRoom(key, packed.length);
    return this.events.append(key, packed, newRecord(ttlMs).expiresAt, true);
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
    return this.transaction(() => {
      const buffer = this.store.peekEntry(key);
      const record = buffer && decodeRecord(buffer);
      const value =
        record && !isExpired(record.expiresAt, Date.now())
          ? current(record)
          : undefined;
      const started = performance.now();
      const next = updater(value);
      reportSlowUpdater(key, performance.now() - started);
      this.entries.write(key, this.pack(key, next), newRecord(ttlMs), 1, true);
      return next;
      // The new value is not known yet: reserve room for the largest one.
    }, this.limits.maxValueBytes);
  }

  /** Removes `key`; `true` when it held a live value. */
  delete(key: string): boolean {
    return this.transaction(() => {
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

  /**
   * Removes every entry (the event log's messages are kept). Values emitted before it are
   * passed over, not folded: it needs no room, so it works on a full disk.
   */
  clear(): void {
    this.folder.foldThen(
      () => {
        const state = this.store.readState();
        for (const { key, value } of this.store.entryRange()) {
          state.bytes -= Buffer.byteLength(key) + value.length;
        }
        this.store.clearEntries();
        this.store.clearExpiry();
        this.store.writeState(state);
      },
      0,
      'discard',
    );
  }

  /** Runs `work` in a transaction after folding the log, so that it comes after every emit before it. */
  private transaction<T>(work: () => T, valueBytes = 0): T {
    return this.folder.foldThen(work, valueBytes);
  }

  /**
   * Refuses an emit that would not fit: at once when the last fold plus everything appended
   * since leaves room, else after folding, against the exact size.
   */
  private assertRoom(key: string, packedBytes: number): void {
    const entryBytes =
      RECORD_HEADER_BYTES +
      packedBytes +
      (this.codec.encrypted ? SEALED_OVERHEAD_BYTES : 0) +
      Buffer.byteLength(key);
    const { bytes, folded } = this.store.snapshotState(
      this.events.log.storeCommits(),
    );
    const max = this.limits.maxPoolBytes;
    if (bytes + (this.events.tail() - folded) + entryBytes <= max) return;
    this.transaction(() => {
      const state = this.store.readState();
      const needed =
        entryBytes - (summarize(key, this.store.peekEntry(key))?.bytes ?? 0);
      if (state.bytes + needed > max) {
        throw new PoolFullError(this.limits.name, state.bytes, needed, max);
      }
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
}

function reportSlowUpdater(key: string, ms: number): void {
  if (ms > SLOW_UPDATER_MS) {
    logger.warn(
      `pool.update("${key}"): the updater ran ${Math.round(ms)} ms while holding the pool's lock, so every other process's writes waited that long. Keep updaters short and synchronous; do slow work before the update.`,
    );
  }
}
