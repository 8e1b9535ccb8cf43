/**
 * A one-way byte pipe between two processes, in a memory-mapped file: a single-producer,
 * single-consumer ring whose head and tail are 32-bit byte counters that wrap. The writer
 * copies bytes in and publishes the head; the reader hands out what is between tail and head
 * and publishes the tail. Neither side makes a system call while the other is awake.
 *
 * A reader that stops polling says so (`park`) and is then nudged by the writer once,
 * through another channel (the connection's socket). The check is Dekker's: the reader sets
 * its flag and then reads the head, the writer sets the head and then reads the flag, and
 * with sequentially consistent atomics at least one of them sees the other. A writer with
 * no room left queues the rest in its own memory and asks to be nudged when room frees up.
 */

/** Int32 slots of a ring's control block, each on its own 64-byte cache line. */
const HEAD = 0;
const TAIL = 16;
const READER_PARKED = 32;
const WRITER_WAITING = 48;
/** Bytes before each ring's data: the control block. */
export const RING_CONTROL_BYTES = 256;

/** Bytes a file holding two rings of `capacity` bytes takes. */
export const ringPairBytes = (capacity: number) =>
  2 * (RING_CONTROL_BYTES + capacity);

/** The peer wrote a head that is not within the ring: the file is not a ring any more. */
export class RingCorruptError extends Error {
  constructor(used: number, capacity: number) {
    super(
      `The shared ring claims ${used} unread bytes but holds ${capacity}; it is not a ring any more.`,
    );
    this.name = 'RingCorruptError';
  }
}

/** One ring of a mapped file, seen from either end. */
abstract class RingEnd {
  protected readonly control: Int32Array;
  protected readonly data: Buffer;
  protected readonly mask: number;

  /**
   * @param buffer the mapped file
   * @param index which of its two rings (0 or 1)
   * @param capacity data bytes per ring, a power of two
   * @param nudge wakes the other end (a byte on the socket)
   */
  constructor(
    buffer: ArrayBuffer,
    index: 0 | 1,
    protected readonly capacity: number,
    protected readonly nudge: () => void,
  ) {
    const start = index * (RING_CONTROL_BYTES + capacity);
    this.control = new Int32Array(buffer, start, RING_CONTROL_BYTES / 4);
    this.data = Buffer.from(buffer, start + RING_CONTROL_BYTES, capacity);
    this.mask = capacity - 1;
  }

  /** Marks a new file's reader as parked, so the first write nudges it. */
  initialize(): void {
    Atomics.store(this.control, READER_PARKED, 1);
  }
}

/** The writing end of a ring. */
export class RingWriter extends RingEnd {
  private readonly backlog: Buffer[] = [];

  /** Whether bytes wait in this process for room in the ring. */
  get blocked(): boolean {
    return this.backlog.length > 0;
  }

  /** Copies `bytes` into the ring, or behind the bytes already waiting for room. */
  write(bytes: Uint8Array): void {
    if (this.backlog.length > 0) {
      this.backlog.push(Buffer.from(bytes)); // `bytes` may be a reused encoder buffer
      return;
    }
    const written = this.copyIn(bytes);
    if (written < bytes.length) {
      this.backlog.push(Buffer.from(bytes.subarray(written)));
      this.flush();
    }
  }

  /** Moves waiting bytes into the ring; true when none is left. */
  flush(): boolean {
    while (this.backlog.length > 0) {
      const next = this.backlog[0];
      const written = this.copyIn(next);
      if (written === next.length) {
        this.backlog.shift();
      } else {
        this.backlog[0] = next.subarray(written);
        if (written === 0 && !this.askForRoom()) return false;
      }
    }
    return true;
  }

  /**
   * Writes `first` then `second` (a frame's length and its bytes) with one publication when
   * both fit, so the reader never wakes to half a frame.
   */
  writePair(first: Uint8Array, second: Uint8Array): void {
    const total = first.length + second.length;
    if (this.backlog.length > 0 || this.room() < total) {
      this.write(first);
      this.write(second);
      return;
    }
    const head = this.control[HEAD];
    this.place(head, first);
    this.place(head + first.length, second);
    this.publish(head + total);
  }

  private copyIn(bytes: Uint8Array): number {
    const count = Math.min(this.room(), bytes.length);
    if (count === 0) return 0;
    const head = this.control[HEAD]; // only this end writes it
    this.place(head, count === bytes.length ? bytes : bytes.subarray(0, count));
    this.publish(head + count);
    return count;
  }

  private room(): number {
    return (
      this.capacity -
      ((this.control[HEAD] - Atomics.load(this.control, TAIL)) >>> 0)
    );
  }

  /** Copies `bytes` to the ring at byte counter `position`, across the end if need be. */
  private place(position: number, bytes: Uint8Array): void {
    const at = position & this.mask;
    const first = Math.min(bytes.length, this.capacity - at);
    this.data.set(
      first === bytes.length ? bytes : bytes.subarray(0, first),
      at,
    );
    if (bytes.length > first) this.data.set(bytes.subarray(first), 0);
  }

  /** Makes everything before `head` readable, and nudges a parked reader. */
  private publish(head: number): void {
    Atomics.store(this.control, HEAD, head | 0);
    if (
      Atomics.load(this.control, READER_PARKED) === 1 &&
      Atomics.compareExchange(this.control, READER_PARKED, 1, 0) === 1
    ) {
      this.nudge();
    }
  }

  /**
   * Asks the reader for a nudge once it frees room. True if there is room already: the
   * reader may have freed it before it could see the request.
   */
  private askForRoom(): boolean {
    Atomics.store(this.control, WRITER_WAITING, 1);
    return this.room() > 0;
  }
}

/** The reading end of a ring. */
export class RingReader extends RingEnd {
  /**
   * Hands the unread bytes to `receive` (in two views when they wrap), then frees them:
   * `receive` must copy what it keeps. Returns how many bytes it read.
   *
   * @throws RingCorruptError when the head is not within the ring
   */
  read(receive: (bytes: Buffer) => void): number {
    const tail = this.control[TAIL]; // only this end writes it
    const used = (Atomics.load(this.control, HEAD) - tail) >>> 0;
    if (used === 0) return 0;
    if (used > this.capacity) throw new RingCorruptError(used, this.capacity);
    const at = tail & this.mask;
    const first = Math.min(used, this.capacity - at);
    receive(this.data.subarray(at, at + first));
    if (used > first) receive(this.data.subarray(0, used - first));
    Atomics.store(this.control, TAIL, (tail + used) | 0);
    if (
      Atomics.load(this.control, WRITER_WAITING) === 1 &&
      Atomics.compareExchange(this.control, WRITER_WAITING, 1, 0) === 1
    ) {
      this.nudge();
    }
    return used;
  }

  /** Stops polling: the writer nudges from now on. False if bytes arrived meanwhile. */
  park(): boolean {
    Atomics.store(this.control, READER_PARKED, 1);
    if (Atomics.load(this.control, HEAD) === this.control[TAIL]) return true;
    Atomics.store(this.control, READER_PARKED, 0);
    return false;
  }

  /** Polls again: the writer need not nudge. */
  unpark(): void {
    Atomics.store(this.control, READER_PARKED, 0);
  }
}
