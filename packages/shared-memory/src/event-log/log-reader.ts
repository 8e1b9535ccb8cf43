import { Logger } from '@mvent/core';
import type { StoredRecord } from '../pool/record-layout';
import { decodeRecord, OFFSET_FLAGS } from '../pool/record-layout';
import { isLogProcessAlive } from '../pool/process-identity';
import type { EventLog } from './event-log';
import { FRAME_HEADER, FrameState, HISTORY, TERM_COUNT } from './log-layout';

/** Why a read stopped. */
export type ReadStop = 'end' | 'pending';

/** What a reader reports besides records. */
export interface ReaderEvents {
  /** `missed` records were recycled before this reader read them. */
  gap(missed: number): void;
  /** A writer died in the middle of a record, which was skipped (it never returned from `emit`). */
  abandoned(pid: number): void;
}

/**
 * A cursor on the event log: reads records in place, in log order, and resolves what stops it:
 * a record whose writer died is padded at once; one whose writer is alive but stopped is padded
 * after `unblockAfterMs` (the writer appends it again when it resumes); records recycled
 * before they were read are counted, exactly, from the terms' record counts.
 */
export class LogReader {
  /** Records read (or skipped) in the current term, for the gap count. */
  private readInTerm = 0;
  private stuckAt = -1;
  /** The tail as last read: records before it are claimed. */
  private knownTail = 0;
  private stuckSince = 0;
  private readonly logger = new Logger('EventLog');

  constructor(
    private readonly log: EventLog,
    /** The next position to read. */
    public position: number,
    private readonly events: ReaderEvents,
    private readonly unblockAfterMs: number,
  ) {}

  /** Whether a record lies at or after the cursor (committed or not). */
  hasMore(): boolean {
    return this.position < this.log.tail();
  }

  /**
   * The next committed record, or why there is none now. Its payload is a view of the log:
   * decode it, then call {@link LogReader.isStillValid} before using what was decoded.
   * With `flags`, records that have none of those flags are passed over without decoding.
   */
  next(flags = 0): { position: number; record: StoredRecord } | ReadStop {
    const log = this.log;
    for (;;) {
      // The tail is a BigInt to read: once per batch, not per record.
      if (
        this.position >= this.knownTail &&
        this.position >= (this.knownTail = log.tail())
      ) {
        return 'end';
      }
      const term = Math.floor(this.position / log.termBytes);
      const offset = log.offsetOf(this.position);
      const state = log.stateAt(this.position);
      const length = log.int32[offset / 4 + 1];
      // Read first, checked after: what a recycled slot holds is another term's (one atomic
      // load a record, not two).
      if (log.termInSlot(term) !== term) {
        this.skipRecycled(term);
        continue;
      }
      const finished =
        state === FrameState.Committed || state === FrameState.Padding;
      if (finished && !this.fitsInTerm(length)) {
        // Only a damaged file gets here: never loop on it, never read past the term.
        this.logger.error(
          `A frame at ${this.position} says it is ${length} bytes long: the rest of term ${term} is skipped.`,
        );
        this.skipTo(term + 1, term, false);
        continue;
      }
      if (state === FrameState.Committed) {
        const position = this.position;
        this.advance(length, term);
        const recordFlags = log.bytes[offset + FRAME_HEADER + OFFSET_FLAGS];
        if (flags && (recordFlags & flags) === 0) continue;
        const record = decodeRecord(
          log.bytes,
          offset + FRAME_HEADER,
          offset + length,
          log.float64,
        );
        if (record) return { position, record };
        this.logger.error(`Unreadable record at ${position}: skipped.`);
      } else if (state === FrameState.Padding) {
        this.advance(length, term, false);
      } else if (!this.unblock(state, offset)) {
        return 'pending';
      }
    }
  }

  /** Whether the record read at `position` was not recycled while it was decoded. */
  isStillValid(position: number): boolean {
    const term = Math.floor(position / this.log.termBytes);
    return this.log.termInSlot(term) === term;
  }

  /** Whether a frame of `length` bytes at the cursor is whole and inside its term. */
  private fitsInTerm(length: number): boolean {
    const inTerm = this.position % this.log.termBytes;
    return length >= FRAME_HEADER && inTerm + length <= this.log.termBytes;
  }

  private advance(length: number, term: number, counted = true): void {
    const aligned = (length + 15) & ~15;
    const next = this.position + aligned;
    if (Math.floor(next / this.log.termBytes) !== term) {
      this.readInTerm = 0;
    } else if (counted) {
      this.readInTerm += 1;
    }
    this.position = next;
  }

  /**
   * The frame at the cursor is claimed but not committed. Pads it when its writer is dead, or
   * stopped for longer than the unblock timeout; returns whether the cursor may go on.
   */
  private unblock(state: FrameState, offset: number): boolean {
    const log = this.log;
    const claim = log.writers.claimAt(this.position);
    const headerPid = log.int32[offset / 4 + 2];
    const pid = claim?.pid ?? headerPid;
    const length = claim?.length ?? log.int32[offset / 4 + 1];
    if (pid <= 0 || length <= 0) return this.waitForClaim();
    const ticks = claim?.startTicks ?? log.int32[offset / 4 + 3];
    const alive =
      state !== FrameState.Revoking && isLogProcessAlive(pid, ticks);
    if (alive) {
      if (!this.stuckTooLong()) return false;
      this.logger.warn(
        `Process ${pid} stopped for over ${this.unblockAfterMs} ms in the middle of an event: readers skip it, and it appends the event again when it resumes.`,
      );
    } else if (state !== FrameState.Revoking && !claim?.padding) {
      this.events.abandoned(pid);
      // A frame that reached WRITING is in its term's record count: it is accounted for.
      if (state === FrameState.Writing) this.readInTerm += 1;
    }
    log.pad(this.position, length, state);
    return true; // padded now, or committed meanwhile: read it again
  }

  /** No slot tells the claim's length: wait, then give up the rest of the term as a gap. */
  private waitForClaim(): boolean {
    if (!this.stuckTooLong()) return false;
    const term = Math.floor(this.position / this.log.termBytes);
    this.logger.error(
      `A claim at ${this.position} has no writer on record: the rest of term ${term} is skipped.`,
    );
    this.skipTo(term + 1, term, false);
    return true;
  }

  /** Whether the cursor has stood at this position for the unblock timeout (it starts counting now). */
  private stuckTooLong(): boolean {
    if (this.stuckAt !== this.position) {
      this.stuckAt = this.position;
      this.stuckSince = Date.now();
    }
    return Date.now() - this.stuckSince >= this.unblockAfterMs;
  }

  /** The cursor's term was recycled: go on at the oldest term still held, counting what was missed. */
  private skipRecycled(term: number): void {
    const tailTerm = Math.floor(this.log.tail() / this.log.termBytes);
    // The terms between were recycled too, or are still held (then they are read: a term
    // recycled while it is read is found here again).
    let next = Math.max(term + 1, tailTerm - (TERM_COUNT - 1));
    while (next < tailTerm && this.log.termInSlot(next) !== next) next += 1;
    this.skipTo(next, term);
  }

  /**
   * Moves the cursor to the start of `next`, reporting the records of `from..next-1` as missed
   * (`recycled`: `from` was recycled, so its count is in the history).
   */
  private skipTo(next: number, from: number, recycled = true): void {
    let missed = Math.max(
      0,
      this.log.recordsIn(from, recycled) - this.readInTerm,
    );
    for (let term = from + 1; term < next && term - from < HISTORY; term++) {
      missed += this.log.recordsIn(term, true);
    }
    this.position = next * this.log.termBytes;
    this.readInTerm = 0;
    this.events.gap(Math.max(missed, 1));
  }
}
