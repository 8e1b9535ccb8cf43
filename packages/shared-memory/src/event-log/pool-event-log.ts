import type { RecordFields, StoredRecord } from '../pool/record-layout';
import { encodeRecordInto, recordBytes } from '../pool/record-layout';
import type { ValueCodec } from '../pool/value-codec';
import type { EventLog } from './event-log';
import { TERM_COUNT } from './log-layout';
import { LogReader } from './log-reader';

/** An event as read back from the log, before its value is decoded. */
export interface LoggedEvent {
  /** Its position in the log: increasing, unique, not consecutive. */
  seq: number;
  record: StoredRecord;
}

/** Readers of history ignore gaps and never wait for a writer. */
const NO_EVENTS = { gap: () => undefined, abandoned: () => undefined };

/**
 * A pool's events in its {@link EventLog}: records in the pool's record layout, values sealed
 * in a keyed pool, bound to the event's name and the writer's record number (kept in the
 * record's version field; a position is only known once the record is written).
 */
export class PoolEventLog {
  /** This process's records, numbered for the seal's binding. */
  private written = 0;
  /** Where records are encoded before they are copied into the log. */
  private scratch = Buffer.allocUnsafe(4096);

  constructor(
    readonly log: EventLog,
    private readonly codec: ValueCodec,
    /** History readers leave out records older than this (`retention.age`). */
    private readonly maxAgeMs: number,
  ) {}

  /** Appends `packed` as an event named `name`; returns its position. */
  append(name: string, packed: Buffer, expiresAt: number): number {
    const version = ++this.written;
    const { flags, payload } = this.codec.seal(packed, {
      name,
      version,
      log: true,
    });
    const fields: RecordFields = {
      flags,
      pid: process.pid,
      timestamp: Date.now(),
      expiresAt,
      payload,
    };
    const needed = recordBytes(fields, name);
    if (needed > this.scratch.length) {
      this.scratch = Buffer.allocUnsafe(
        Math.max(needed, 2 * this.scratch.length),
      );
    }
    // Encoded in place, then copied into the log: no buffer per event.
    const length = encodeRecordInto(this.scratch, fields, version, name);
    return this.log.append(this.scratch, length, name);
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
