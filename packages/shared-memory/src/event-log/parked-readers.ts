import { isLogProcessAlive, OWN_START_TICKS32 } from '../pool/process-identity';
import { OFFSET, READER_SLOTS, READER_STRIDE } from './log-layout';

/** A parked reader to wake: the bus `bus` of process `pid` (its socket is `<pid>-<bus>.sock`). */
export interface ParkedReader {
  pid: number;
  bus: number;
}

const PARKED = 0;
const PID = 1;
const BUS = 2;
const TICKS = 3;

/**
 * The readers' parked flags in the log's metadata. A reader that has read everything sets its
 * flag before it sleeps; a writer, after each append, takes the flags it finds set (one
 * compare-and-swap each) and wakes those readers only. While readers are awake, an append
 * makes no system call; a reader is woken once however many records arrive meanwhile.
 */
export class ParkedReaders {
  private readonly own = new Set<number>();

  constructor(private readonly int32: Int32Array) {}

  /**
   * Takes a slot for bus `bus` of this process, `parked` or not; `-1` when all are taken by
   * live processes.
   */
  join(bus: number, parked: boolean): number {
    for (let slot = 0; slot < READER_SLOTS; slot++) {
      const index = this.index(slot);
      const pid = Atomics.load(this.int32, index + PID);
      if (pid !== 0 && isLogProcessAlive(pid, this.int32[index + TICKS])) {
        continue;
      }
      if (
        Atomics.compareExchange(this.int32, index + PID, pid, process.pid) !==
        pid
      ) {
        continue;
      }
      this.int32[index + BUS] = bus;
      this.int32[index + TICKS] = OWN_START_TICKS32 | 0;
      // A reader with subscribers is parked from the start: it sleeps until a write wakes it
      // (its first events waited for the safety poll, up to a second, when it started awake).
      Atomics.store(this.int32, index + PARKED, parked ? 1 : 0);
      this.own.add(slot);
      return slot;
    }
    return -1;
  }

  /** Sets the parked flag of `slot`. */
  park(slot: number): void {
    Atomics.store(this.int32, this.index(slot) + PARKED, 1);
  }

  /** Clears it: the reader is awake. */
  unpark(slot: number): void {
    Atomics.store(this.int32, this.index(slot) + PARKED, 0);
  }

  /** Frees `slot`. */
  leave(slot: number): void {
    const index = this.index(slot);
    Atomics.store(this.int32, index + PARKED, 0);
    Atomics.store(this.int32, index + PID, 0);
    this.own.delete(slot);
  }

  /** Frees every slot of this process (its log is released). */
  releaseAll(): void {
    for (const slot of this.own) this.leave(slot);
  }

  /** Takes every parked flag that is set and calls `wake` for its reader. */
  wakeParked(wake: (reader: ParkedReader) => void): void {
    for (let slot = 0; slot < READER_SLOTS; slot++) {
      const index = this.index(slot);
      if (
        Atomics.load(this.int32, index + PARKED) === 1 &&
        Atomics.compareExchange(this.int32, index + PARKED, 1, 0) === 1
      ) {
        wake({ pid: this.int32[index + PID], bus: this.int32[index + BUS] });
      }
    }
  }

  private index(slot: number): number {
    return (OFFSET.readers + slot * READER_STRIDE) / 4;
  }
}
