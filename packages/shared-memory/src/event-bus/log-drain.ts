import { Logger } from '@mvent/core';
import type { StatsRecorder } from '../monitoring/stats-recorder';
import type { StoredRecord } from '../pool/record-layout';
import type { SharedMemoryPool } from '../pool/shared-memory-pool';
import type { EventEnvelope } from './event-envelope.interface';
import type { Subscription } from './subscription';

/** What the drain needs of its bus. */
export interface DrainedBus {
  /** The bus's subscriptions now (replaced, never changed in place). */
  subscriptions(): readonly Subscription[];
  isClosed(): boolean;
  /** Reports an error (a value that cannot be decoded) as the bus reports handler errors. */
  reportError(error: unknown, event: string, handler: string): void;
}

/**
 * Reads the pool's log from this process's cursor and hands every new record to every
 * matching subscriber, in order, once: one drain at a time, run again when woken meanwhile.
 */
export class LogDrain {
  /** The last sequence number read. */
  cursor: number;
  /** When the last record was read, in ms since the epoch (the safety poll slows down when idle). */
  lastActivity = Date.now();
  private readonly logger = new Logger('MemoryEventBus');
  private draining = false;
  private drainAgain = false;
  private scheduled = false;

  constructor(
    private readonly pool: SharedMemoryPool,
    private readonly stats: StatsRecorder,
    private readonly bus: DrainedBus,
  ) {
    this.cursor = pool.logState().seq;
  }

  /** Drains at the end of this tick (once, however often asked). */
  schedule(): void {
    // Without subscribers nothing is read; `on()` moves the cursor to the tail.
    if (
      this.scheduled ||
      this.bus.isClosed() ||
      this.bus.subscriptions().length === 0
    ) {
      return;
    }
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.drain();
    });
  }

  /** Reads every new log record from the cursor and hands it to the matching subscribers. */
  drain(): void {
    if (this.bus.isClosed()) {
      return;
    }
    if (this.draining) {
      this.drainAgain = true;
      return;
    }
    this.draining = true;
    try {
      do {
        this.drainAgain = false;
        if (this.bus.subscriptions().length === 0) {
          // Nobody listens here: skip the records rather than read them.
          this.cursor = Math.max(this.cursor, this.pool.logState().seq);
          break;
        }
        const before = this.cursor;
        this.readOn();
        if (this.cursor > before) {
          this.lastActivity = Date.now();
        }
      } while (this.drainAgain);
    } finally {
      this.draining = false;
    }
  }

  /**
   * Reads the log's state once, then every record up to its last one by key (sequence numbers
   * are dense); a missing one is a gap (trimmed past this process, or unreadable). Records
   * committed meanwhile come with their own nudge, which drains again.
   */
  private readOn(): void {
    const { seq, first } = this.pool.logState();
    while (this.cursor < seq) {
      const record = this.pool.peekLogRecord(this.cursor + 1);
      this.cursor += 1;
      if (record) {
        this.stats.eventsRead += 1;
        this.dispatch(this.cursor, record);
      } else {
        this.skipMissing(first);
      }
    }
  }

  /** Hands the record to every subscriber that wants it, decoding its value once, first. */
  private dispatch(seq: number, record: StoredRecord): void {
    let envelope: EventEnvelope | undefined;
    for (const subscription of this.bus.subscriptions()) {
      if (!subscription.wants(seq, record.name)) {
        continue;
      }
      try {
        envelope ??= {
          seq,
          event: record.name,
          value: this.pool.decodeLogValue(seq, record),
          ts: record.timestamp,
          origin: record.pid,
        };
      } catch (error) {
        this.bus.reportError(error, record.name, 'decode');
        return;
      }
      this.stats.countDelivery(record.name);
      subscription.push(envelope);
    }
  }

  /**
   * The record at the cursor is gone: the log was trimmed past this process (skip to the log's
   * start, `first`), or the record cannot be read. Either way it is a gap.
   */
  private skipMissing(first: number): void {
    const missed = Math.max(1, first - this.cursor);
    this.cursor = Math.max(this.cursor, first - 1);
    this.stats.gaps += missed;
    this.logger.warn(
      `This process fell behind the event log's retention: ${missed} events were dropped before it read them.`,
    );
    for (const subscription of this.bus.subscriptions()) {
      subscription.onGap?.(missed);
    }
  }
}
