import { Logger } from '@mvent/core';
import { isLogProcessAlive, OWN_START_TICKS32 } from '../pool/process-identity';
import type { EventLog } from './event-log';
import {
  FrameState,
  OFFSET,
  TERM_COUNT,
  WRITER_SLOTS,
  WRITER_STRIDE,
} from './log-layout';

/** A claim a writer made, as its writer slot tells it. */
export interface WriterClaim {
  pid: number;
  startTicks: number;
  /** The frame's length: the record's, or the rest of the term for the padding before it. */
  length: number;
  /** Whether the claim is the padding at a term's end (nothing is lost if it is never written). */
  padding: boolean;
}

/**
 * The log's writer slots: each writing process owns one, where the addon notes what it
 * claims before it writes it, so that readers can tell a record whose writer died (and pad
 * it) from one still being written. See `native/event-log.h`.
 */
export class WriterSlots {
  private own = -1;
  private readonly logger = new Logger('EventLog');

  constructor(
    private readonly log: EventLog,
    private readonly int64: BigInt64Array,
    private readonly poolName: string,
  ) {}

  /** This process's slot, claimed at its first call. */
  ownSlot(): number {
    if (this.own < 0) this.own = this.claimSlot();
    return this.own;
  }

  /** The writer claim at `position`, if a writer slot still tells it. */
  claimAt(position: number): WriterClaim | undefined {
    for (let slot = 0; slot < WRITER_SLOTS; slot++) {
      if (Atomics.load(this.log.int32, baseOf(slot) / 4) === 0) continue;
      const claim = this.claimsOf(slot).find(
        ({ position: at }) => at === position,
      );
      if (claim) return claim;
    }
    return undefined;
  }

  /** Frees this process's slot, if it took one. */
  release(): void {
    if (this.own < 0) return;
    Atomics.store(this.log.int32, baseOf(this.own) / 4, 0);
    this.own = -1;
  }

  /**
   * A slot for this process: a free one, or one whose process died, once its unfinished
   * claims are padded (readers find a claim by its slot, so it must not be lost).
   */
  private claimSlot(): number {
    const int32 = this.log.int32;
    for (let slot = 0; slot < WRITER_SLOTS; slot++) {
      const index = baseOf(slot) / 4;
      const pid = Atomics.load(int32, index);
      if (pid !== 0) {
        const ticks = int32[index + 1] >>> 0;
        if (pid === process.pid || isLogProcessAlive(pid, ticks)) {
          continue;
        }
        this.padClaimsOf(slot);
      }
      if (Atomics.compareExchange(int32, index, pid, process.pid) === pid) {
        int32[index + 1] = OWN_START_TICKS32 | 0;
        return slot;
      }
    }
    throw new Error(
      `The event log of pool "${this.poolName}" has no free writer slot: more than ${WRITER_SLOTS} processes write to it at once.`,
    );
  }

  /**
   * What slot `slot` says its writer claimed last: the padding at a term's end (when its
   * record did not fit there), then the record.
   */
  private claimsOf(slot: number): (WriterClaim & { position: number })[] {
    const base = baseOf(slot);
    const int32 = this.log.int32;
    const pid = Atomics.load(int32, base / 4);
    const startTicks = int32[base / 4 + 1] >>> 0;
    const padFrom = Number(Atomics.load(this.int64, (base + 8) / 8));
    const recordPos = Number(Atomics.load(this.int64, (base + 16) / 8));
    const length = int32[(base + 24) / 4];
    const record = { pid, startTicks, position: recordPos, length };
    return padFrom < 0
      ? [{ ...record, padding: false }]
      : [
          {
            ...record,
            position: padFrom,
            length: recordPos - padFrom,
            padding: true,
          },
          { ...record, padding: false },
        ];
  }

  /** Pads what the dead writer of `slot` claimed and never finished. */
  private padClaimsOf(slot: number): void {
    const log = this.log;
    const oldest = log.tail() - (TERM_COUNT - 1) * log.termBytes;
    for (const { position, length } of this.claimsOf(slot)) {
      if (position < oldest || length <= 0) continue;
      const state = log.stateAt(position);
      if (state === FrameState.Empty || state === FrameState.Writing) {
        log.pad(position, length, state);
        this.logger.warn(
          `A process that died while writing to pool "${this.poolName}" left a record unfinished at ${position}: it was skipped.`,
        );
      }
    }
  }
}

/** Where slot `slot` starts in the mapping. */
function baseOf(slot: number): number {
  return OFFSET.writers + slot * WRITER_STRIDE;
}
