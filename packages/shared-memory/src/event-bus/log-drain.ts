import { Logger } from '@mvent/core';
import { UNBLOCK_AFTER_MS } from '../constants';
import type { ReadStop } from '../event-log/log-reader';
import { LogReader } from '../event-log/log-reader';
import type { StatsRecorder } from '../monitoring/stats-recorder';
import type { StoredRecord } from '../pool/record-layout';
import { FLAG_STORED } from '../pool/record-layout';
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
  /** Marks this reader asleep (writers wake it) or awake. */
  park(parked: boolean): void;
}

/** How soon a drain held up by a writer mid-record looks again (to skip it if it died). */
const PENDING_RECHECK_MS = 2;

/**
 * Reads the pool's event log from this process's cursor and hands every new record to every
 * matching subscriber, in order, once: one drain at a time, run again when woken meanwhile.
 * Once it has read everything it parks (writers then wake it); while it reads, writers make
 * no system call for it.
 */
export class LogDrain {
  /** When the last record was read, in ms since the epoch (the safety poll slows down when idle). */
  lastActivity = Date.now();
  private readonly logger = new Logger('MemoryEventBus');
  private readonly reader: LogReader;
  private draining = false;
  private drainAgain = false;
  private scheduled = false;
  private recheck: NodeJS.Timeout | undefined;
  private nextTurn: NodeJS.Immediate | undefined;

  constructor(
    private readonly pool: SharedMemoryPool,
    private readonly stats: StatsRecorder,
    private readonly bus: DrainedBus,
  ) {
    this.reader = new LogReader(
      pool.events.log,
      pool.events.tail(),
      {
        gap: missed => this.reportGap(missed),
        abandoned: pid => this.reportAbandoned(pid),
      },
      UNBLOCK_AFTER_MS,
    );
  }

  /** The next position to read. */
  get cursor(): number {
    return this.reader.position;
  }

  /** Skips to `position` (the log's tail by default): nobody here wants what lies before it. */
  skipTo(position = this.pool.events.tail()): void {
    this.reader.position = Math.max(this.reader.position, position);
  }

  /** Whether records wait at or after the cursor. */
  hasMore(): boolean {
    return this.reader.hasMore();
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

  /** Reads every new record from the cursor and hands it to the matching subscribers. */
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
          this.skipTo(); // nobody listens here: skip the records rather than read them
          break;
        }
        this.readOn();
      } while (this.drainAgain);
    } finally {
      this.draining = false;
    }
  }

  /** Stops the timers. */
  close(): void {
    clearTimeout(this.recheck);
    clearImmediate(this.nextTurn);
  }

  /**
   * Reads what is there. While records flow (this drain found some), it looks again on the
   * next turn of the event loop instead of parking: writers then need not wake it (no system
   * call on either side) and it reads in larger batches. Once a look finds nothing, it parks,
   * then looks once more: a record committed between the last read and the parking woke
   * nobody (its writer found the flag clear), and would otherwise wait for a recheck or the
   * safety poll.
   */
  private readOn(): void {
    this.bus.park(false);
    if (this.readBatch() === 'records') return;
    this.bus.park(true);
    if (this.readBatch() === 'pending') {
      // A writer is mid-record: its commit wakes us; if it died, the recheck skips it.
      clearTimeout(this.recheck);
      this.recheck = setTimeout(() => this.drain(), PENDING_RECHECK_MS);
    }
  }

  /** Reads what is committed; after records, looks again on the next turn of the event loop. */
  private readBatch(): 'records' | ReadStop {
    const before = this.stats.eventsRead;
    const stop = this.readAvailable();
    if (this.stats.eventsRead === before) return stop;
    this.lastActivity = Date.now();
    this.lookAgainNextTurn();
    return 'records';
  }

  private lookAgainNextTurn(): void {
    this.nextTurn ??= setImmediate(() => {
      this.nextTurn = undefined;
      this.drain();
    });
  }

  private readAvailable(): ReadStop {
    for (;;) {
      const next = this.reader.next();
      if (typeof next === 'string') return next;
      this.stats.eventsRead += 1;
      if (next.record.flags & FLAG_STORED) {
        // Its writer may not have raised the index yet (or died first): whoever handles an
        // event must find its value with `get`.
        this.pool.events.log.index.raise(next.record.name, next.position);
      }
      this.dispatch(next.position, next.record);
    }
  }

  /** Hands the record to every subscriber that wants it, decoding its value once, first. */
  private dispatch(seq: number, record: StoredRecord): void {
    let envelope: EventEnvelope | undefined;
    for (const subscription of this.bus.subscriptions()) {
      if (!subscription.wants(seq, record.name)) {
        continue;
      }
      if (!envelope) {
        try {
          envelope = {
            seq,
            event: record.name,
            value: this.pool.decodeLogValue(record),
            ts: record.timestamp,
            origin: record.pid,
          };
        } catch (error) {
          if (this.reader.isStillValid(seq)) {
            this.bus.reportError(error, record.name, 'decode');
          }
          return;
        }
        // Recycled while it was decoded: what was decoded is not the record.
        if (!this.reader.isStillValid(seq)) return this.reportGap(1);
      }
      this.stats.countDelivery(record.name);
      subscription.push(envelope);
    }
  }

  private reportGap(missed: number): void {
    this.stats.gaps += missed;
    this.logger.warn(
      `This process fell behind the event log's retention: ${missed} events were overwritten before it read them.`,
    );
    for (const subscription of this.bus.subscriptions()) {
      subscription.onGap?.(missed);
    }
  }

  private reportAbandoned(pid: number): void {
    this.stats.abandoned += 1;
    this.logger.warn(
      `Process ${pid} died in the middle of writing an event (its emit never returned): the event was skipped.`,
    );
  }
}
