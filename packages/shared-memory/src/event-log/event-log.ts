import { PoolClosedError } from '../errors/pool-closed.error';
import { ValueTooLargeError } from '../errors/value-too-large.error';
import type { NativeAddon } from '../native/native-addon';
import { requireNativeAddon } from '../native/native-addon';
import { OWN_START_TICKS32 } from '../pool/process-identity';
import { KeyIndex, raiseTo } from './key-index';
import { mapEventLog } from './log-file';
import type { FrameState } from './log-layout';
import {
  StopAt,
  FRAME_HEADER,
  HISTORY,
  META_BYTES,
  OFFSET,
  TERM_COUNT,
  TERM_STRIDE,
} from './log-layout';
import { ParkedReaders } from './parked-readers';
import { WriterSlots } from './writer-slots';

/**
 * Test hook for kills mid-record: `MVENT_TEST_LOG_STOP_AT=<point>:<n>` stops this process
 * (SIGSTOP) at `point` (1 claimed, 2 header written, 3 record copied, 4 committed, before the
 * key index is raised) of its `n`th append.
 */
const [STOP_AT, STOP_ON_APPEND] = (process.env.MVENT_TEST_LOG_STOP_AT ?? '0:0')
  .split(':')
  .map(Number) as [StopAt, number];

/** The addon's answer when an append would recycle a term not yet folded into the store. */
const NEEDS_FOLD = -2;

/**
 * The event log of one pool, mapped once per process: appends (in `native/event-log.c`,
 * lock-free) and the reads of its metadata that readers need. See `native/event-log.h`.
 */
export class EventLog {
  private static readonly instances = new Map<string, EventLog>();
  readonly termBytes: number;
  /** The whole mapping, as bytes. */
  readonly bytes: Buffer;
  readonly int32: Int32Array;
  /** The whole mapping, as doubles (records' numbers are 8-byte aligned). */
  readonly float64: Float64Array;
  readonly readers: ParkedReaders;
  readonly index: KeyIndex;
  private readonly int64: BigInt64Array;
  private readonly native: NativeAddon;
  private readonly buffer: ArrayBuffer;
  /** The writer slots; this process takes one at its first append. */
  readonly writers: WriterSlots;
  private users = 0;
  /** Appends by this process, for the test hook. */
  private appended = 0;

  private constructor(
    private readonly path: string,
    private readonly name: string,
    termBytes: number,
  ) {
    this.native = requireNativeAddon('shared-memory event log');
    const mapped = mapEventLog(this.native, path, name, termBytes);
    this.buffer = mapped.buffer;
    this.termBytes = mapped.termBytes;
    this.bytes = Buffer.from(this.buffer);
    this.int32 = new Int32Array(this.buffer);
    this.float64 = new Float64Array(
      this.buffer,
      0,
      this.buffer.byteLength >> 3,
    );
    this.int64 = new BigInt64Array(this.buffer, 0, META_BYTES / 8);
    this.writers = new WriterSlots(this, this.int64, name);
    this.readers = new ParkedReaders(this.int32);
    this.index = new KeyIndex(
      this.buffer,
      META_BYTES + TERM_COUNT * this.termBytes,
    );
  }

  /** The log of the pool at `path`, shared by the pools of that path in this process. */
  static acquire(path: string, name: string, termBytes: number): EventLog {
    let log = EventLog.instances.get(path);
    if (!log) {
      log = new EventLog(path, name, termBytes);
      EventLog.instances.set(path, log);
    }
    log.users += 1;
    return log;
  }

  /**
   * Appends the first `length` bytes of `record`; returns its position (increasing, unique,
   * not consecutive). Calls `fold` (then appends again) when the record would recycle a term
   * that is not folded into the store yet.
   *
   * @throws ValueTooLargeError when it cannot fit in a term
   * @throws PoolClosedError after the last user released the log
   */
  append(
    record: Uint8Array,
    length: number,
    event: string,
    fold: () => void,
  ): number {
    if (this.users === 0) throw new PoolClosedError(this.name);
    const slot = this.writers.ownSlot();
    const stopAt = ++this.appended === STOP_ON_APPEND ? STOP_AT : 0;
    let position: number;
    while (
      (position = this.native.logAppend(
        this.buffer,
        slot,
        record,
        length,
        process.pid,
        OWN_START_TICKS32,
        stopAt,
      )) === NEEDS_FOLD
    ) {
      fold();
    }
    if (position < 0) {
      throw new ValueTooLargeError(
        event,
        length,
        this.termBytes - FRAME_HEADER,
      );
    }
    if (stopAt === StopAt.Committed) process.kill(process.pid, 'SIGSTOP');
    return position;
  }

  /** Records before this position are folded into the store. */
  folded(): number {
    return Number(Atomics.load(this.int64, OFFSET.folded / 8));
  }

  /** Tells writers that the store holds every record before `position` (a committed fold). */
  raiseFolded(position: number): void {
    raiseTo(this.int64, OFFSET.folded / 8, BigInt(position));
  }

  /** Counts a write transaction this process committed to the pool's store. */
  countStoreCommit(): void {
    // After the last release the views are empty: a late commit (closing) counts nowhere.
    if (this.int32.length > 0) {
      Atomics.add(this.int32, OFFSET.storeCommits / 4, 1);
    }
  }

  /** Write transactions committed to the store by every process (wraps): a cache key. */
  storeCommits(): number {
    return Atomics.load(this.int32, OFFSET.storeCommits / 4);
  }

  /** The next position to be claimed: every record before it is claimed. */
  tail(): number {
    return Number(Atomics.load(this.int64, OFFSET.tail / 8));
  }

  /**
   * The term whose records the ring slot of `term` holds now (-1 while it is cleaned), from
   * the low half of its int64 (little-endian): no BigInt per read, and term numbers stay far
   * below 2^31 (that many 8 MiB terms are 16 PiB of events).
   */
  termInSlot(term: number): number {
    return Atomics.load(
      this.int32,
      (OFFSET.terms + (term % TERM_COUNT) * TERM_STRIDE) / 4,
    );
  }

  /** Records committed in `term`: from its ring slot while it holds it, else from the history. */
  recordsIn(term: number, history: boolean): number {
    const index = history
      ? (OFFSET.history + (term % HISTORY) * 8) / 8
      : (OFFSET.terms + (term % TERM_COUNT) * TERM_STRIDE + 8) / 8;
    return Number(Atomics.load(this.int64, index));
  }

  /** The byte offset of `position` in the mapping. */
  offsetOf(position: number): number {
    const term = Math.floor(position / this.termBytes);
    return (
      META_BYTES +
      (term % TERM_COUNT) * this.termBytes +
      (position - term * this.termBytes)
    );
  }

  /** The state of the frame at `position`. */
  stateAt(position: number): FrameState {
    return Atomics.load(this.int32, this.offsetOf(position) / 4);
  }

  /** Turns the frame at `position` into padding if its state is still `expected`. */
  pad(position: number, length: number, expected: FrameState): boolean {
    return this.native.logPad(this.buffer, position, length, expected);
  }

  /** Releases one user; the last one frees this process's writer slot. */
  release(): void {
    this.users -= 1;
    if (this.users > 0) return;
    EventLog.instances.delete(this.path);
    this.readers.releaseAll();
    this.writers.release();
    // At once, not when collected: the file system under it can then be unmounted.
    this.native.unmap(this.buffer);
  }
}
