import type { RecordFields, StoredRecord } from '../pool/record-layout';
import {
  decodeRecord,
  encodeRecordInto,
  FLAG_STORED,
  maxRecordBytes,
} from '../pool/record-layout';
import type { ValueCodec } from '../pool/value-codec';
import type { EventLog } from './event-log';
import { FRAME_HEADER, FrameState, TERM_COUNT } from './log-layout';
import { UNBLOCK_AFTER_MS } from '../constants';
import { LogReader } from './log-reader';

/** An event as read back from the log, before its value is decoded. */
export interface LoggedEvent {
  /** Its position in the log: increasing, unique, not consecutive. */
  seq: number;
  record: StoredRecord;
}

/** Readers of history ignore gaps and never wait for a writer. */
const NO_EVENTS = { gap: () => undefined, abandoned: () => undefined };

/** How long {@link PoolEventLog.readStored} waits before it looks again at a record being written. */
const PENDING_PAUSE_MS = 0.1;
const pauseCell = new Int32Array(new SharedArrayBuffer(4));

/**
 * A pool's events in its {@link EventLog}: records in the pool's record layout, values sealed
 * in a keyed pool, bound to the event's name and the writer's record number (kept in the
 * record's version field; a position is only known once the record is written).
 */
export class PoolEventLog {
  /** This process's records, numbered for the seal's binding. */
  private written = 0;
  /** Where records are encoded before they are copied into the log (its own memory, aligned). */
  private scratch = Buffer.from(new ArrayBuffer(4096));
  /** `scratch` as doubles, for the record's numbers. */
  private scratchDoubles = new Float64Array(this.scratch.buffer);
  /** Folds the log into the pool's store: set by the pool once its store is ready. */
  private foldStore: () => void = noStore;

  constructor(
    readonly log: EventLog,
    private readonly codec: ValueCodec,
    /** History readers leave out records older than this (`retention.age`). */
    private readonly maxAgeMs: number,
  ) {}

  /** Sets how the log is folded into the store when a term must be recycled. */
  foldWith(fold: () => void): void {
    this.foldStore = fold;
  }

  /**
   * Appends `packed` as an event named `name`; returns its position. A `stored` record is also
   * the entry `name`'s new value: the key index points to it once it is committed.
   */
  append(
    name: string,
    packed: Buffer,
    expiresAt: number,
    stored = false,
  ): number {
    const version = ++this.written;
    const { flags, payload } = this.codec.seal(packed, {
      name,
      version,
      log: true,
    });
    const fields: RecordFields = {
      flags: stored ? flags | FLAG_STORED : flags,
      pid: process.pid,
      timestamp: Date.now(),
      expiresAt,
      payload,
    };
    const needed = maxRecordBytes(fields, name);
    if (needed > this.scratch.length) {
      const grown = new ArrayBuffer(Math.max(needed, 2 * this.scratch.length));
      this.scratch = Buffer.from(grown);
      this.scratchDoubles = new Float64Array(grown, 0, grown.byteLength >> 3);
    }
    // Encoded in place, then copied into the log: no buffer per event.
    const length = encodeRecordInto(
      this.scratch,
      fields,
      version,
      name,
      this.scratchDoubles,
    );
    const position = this.log.append(
      this.scratch,
      length,
      name,
      this.foldStore,
    );
    if (stored) this.log.index.raise(name, position);
    return position;
  }

  /** Folds every record committed so far into the pool's store. */
  fold(): void {
    this.foldStore();
  }

  /**
   * The committed record that wrote an entry at `position`, its payload copied; `undefined`
   * when the position holds no such record (any more).
   */
  storedRecordAt(position: number): StoredRecord | undefined {
    const log = this.log;
    const term = Math.floor(position / log.termBytes);
    if (log.termInSlot(term) !== term) return undefined;
    const offset = log.offsetOf(position);
    const length = log.int32[offset / 4 + 1];
    if (
      log.stateAt(position) !== FrameState.Committed ||
      length < FRAME_HEADER ||
      (position % log.termBytes) + length > log.termBytes
    ) {
      return undefined;
    }
    const record = decodeRecord(
      log.bytes,
      offset + FRAME_HEADER,
      offset + length,
      log.float64,
    );
    if (!record || (record.flags & FLAG_STORED) === 0) return undefined;
    record.payload = Buffer.from(record.payload);
    // Copied, then checked: a term recycled meanwhile may have changed any of it.
    return log.termInSlot(term) === term ? record : undefined;
  }

  /**
   * Hands `visit` each stored record committed from `from` up to `target`, in order, and
   * returns the position after the last one read. A record still being written is waited for,
   * never passed (its writer is skipped once dead, or stopped for the unblock timeout, as by
   * every reader); `gap` hears of records recycled before they were read. Payloads are views
   * of the log: copy what must outlive a recycling of its term.
   */
  readStored(
    from: number,
    target: number,
    visit: (record: StoredRecord, position: number) => void,
    gap: (missed: number) => void = () => undefined,
  ): number {
    const reader = new LogReader(
      this.log,
      from,
      { gap, abandoned: () => undefined },
      UNBLOCK_AFTER_MS,
    );
    while (reader.position < target) {
      const next = reader.next(FLAG_STORED);
      if (next === 'end') break;
      if (next === 'pending') Atomics.wait(pauseCell, 0, 0, PENDING_PAUSE_MS);
      else visit(next.record, next.position);
    }
    return reader.position;
  }

  /**
   * `name`'s latest stored record from position `from` to the tail, its payload copied, found
   * by reading the log (slow: a fallback for when the store cannot be folded).
   */
  latestStoredRecord(name: string, from: number): StoredRecord | undefined {
    let latest: StoredRecord | undefined;
    this.readStored(from, this.tail(), record => {
      if (record.name === name) {
        latest = { ...record, payload: Buffer.from(record.payload) };
      }
    });
    return latest;
  }

  /** The value of a record read from the log. */
  decodeValue(record: StoredRecord): unknown {
    return this.codec.decode(
      { name: record.name, version: record.version, log: true },
      record.flags,
      record.payload,
    );
  }

  /** The next position to be written. */
  tail(): number {
    return this.log.tail();
  }

  /** The positions the log holds now: from the oldest term not recycled to the tail. */
  retained(): { from: number; to: number } {
    const to = this.log.tail();
    const tailTerm = Math.floor(to / this.log.termBytes);
    let term = Math.max(0, tailTerm - TERM_COUNT + 1);
    while (term < tailTerm && this.log.termInSlot(term) !== term) term += 1;
    return { from: term * this.log.termBytes, to };
  }

  /** Records the log holds now, by the terms' counts. */
  retainedRecords(): number {
    const tailTerm = Math.floor(this.log.tail() / this.log.termBytes);
    let records = 0;
    for (
      let term = Math.max(0, tailTerm - TERM_COUNT + 1);
      term <= tailTerm;
      term++
    ) {
      if (this.log.termInSlot(term) === term)
        records += this.log.recordsIn(term, false);
    }
    return records;
  }

  /**
   * Committed records from position `from` on, up to the tail now, younger than the retention
   * age, their payloads copied.
   */
  *read(from = 0): Generator<LoggedEvent> {
    const since = Date.now() - this.maxAgeMs;
    const oldest = Math.max(
      0,
      this.log.tail() - TERM_COUNT * this.log.termBytes,
    );
    const start = Math.floor(oldest / this.log.termBytes) * this.log.termBytes;
    const reader = new LogReader(this.log, start, NO_EVENTS, Infinity);
    const end = this.log.tail();
    for (;;) {
      const next = reader.next();
      if (typeof next === 'string' || next.position >= end) return;
      if (next.position < from || next.record.timestamp < since) continue;
      const record = {
        ...next.record,
        payload: Buffer.from(next.record.payload),
      };
      if (reader.isStillValid(next.position))
        yield { seq: next.position, record };
    }
  }

  /** Committed records, newest first (the log is read forward, then walked back). */
  *readBackwards(): Generator<LoggedEvent> {
    const all = [...this.read()];
    for (let i = all.length - 1; i >= 0; i--) yield all[i];
  }
}

function noStore(): void {
  throw new Error('PoolEventLog: no store to fold into');
}
