import { PoolFullError } from '../errors/pool-full.error';
import type { LmdbStore } from './lmdb-store';
import type { StoredRecord } from './record-layout';
import { encodeRecord, readExpiresAt, readVersion } from './record-layout';
import type { ValueCodec } from './value-codec';

/** What the writer must know of its pool. */
export interface WriterLimits {
  name: string;
  maxValueBytes: number;
  maxPoolBytes: number;
}

/** What an entry says of the write that made it. */
export type WriteOrigin = Pick<StoredRecord, 'pid' | 'timestamp' | 'expiresAt'>;

/** The envelope a keyed pool adds to a value: version, IV and tag. */
export const SEALED_OVERHEAD_BYTES = 29;

/**
 * Stores packed values as entries, inside the caller's transaction: the value sealed and bound
 * to its version, the byte count and the expiry index kept with it.
 */
export class EntryWriter {
  constructor(
    private readonly store: LmdbStore,
    private readonly codec: ValueCodec,
    private readonly limits: WriterLimits,
  ) {}

  /**
   * Stores `packed` under `key` as `origin` says (writer, time, expiry), as the latest of
   * `writes` writes (its version grows by that many). `enforceLimit` refuses it with
   * `PoolFullError` when it does not fit in `maxPoolBytes`; an emitted value being folded was
   * checked when it was emitted, and is in the log already.
   */
  write(
    key: string,
    packed: Buffer,
    origin: WriteOrigin,
    writes: number,
    enforceLimit: boolean,
  ): void {
    const state = this.store.readState();
    const previous = summarize(key, this.store.peekEntry(key));
    const version = (previous?.version ?? 0) + writes;
    const { flags, payload } = this.codec.seal(packed, {
      name: key,
      version,
      log: false,
    });
    const fields = {
      flags,
      pid: origin.pid,
      timestamp: origin.timestamp,
      expiresAt: origin.expiresAt,
      payload,
    };
    const entry = encodeRecord(fields, version, '');
    const needed = storedBytes(key, entry) - (previous?.bytes ?? 0);
    if (enforceLimit && state.bytes + needed > this.limits.maxPoolBytes) {
      throw new PoolFullError(
        this.limits.name,
        state.bytes,
        needed,
        this.limits.maxPoolBytes,
      );
    }
    this.store.reindexExpiry(key, previous?.expiresAt ?? 0, origin.expiresAt);
    state.bytes += needed;
    this.store.putEntry(key, entry);
    this.store.writeState(state);
  }
}

/** What a write made in this process now says of itself. */
export function newRecord(ttlMs: number): WriteOrigin {
  const now = Date.now();
  return {
    pid: process.pid,
    timestamp: now,
    expiresAt: ttlMs ? now + ttlMs : 0,
  };
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
