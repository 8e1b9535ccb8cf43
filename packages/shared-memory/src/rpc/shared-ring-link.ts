import { performance } from 'node:perf_hooks';
import { SpinGovernor } from '../messaging/spin-governor';
import { RingReader, RingWriter } from './shared-ring';

/**
 * Both directions of a connection over a ring file, with the connection's socket kept only
 * for nudges. While traffic flows, each end polls its incoming ring once per turn of the
 * event loop (`setImmediate`, so timers and I/O still run) and no system call is made per
 * message. After `windowMs` without traffic the reader parks, and the next write nudges it
 * with one byte on the socket: an idle connection costs nothing. While the cores are busy
 * with other processes, the {@link SpinGovernor} has the reader park at once.
 */
export class SharedRingLink {
  private readonly reader: RingReader;
  private readonly writer: RingWriter;
  private polling = false;
  private closed = false;
  private pollUntil = 0;
  private readonly drainWaiters: (() => void)[] = [];
  private readonly governor = SpinGovernor.shared;

  /**
   * @param buffer the mapped ring file
   * @param side `0` for the end that created the file (writes ring 0), `1` for the other
   * @param receive takes the bytes read; it must copy what it keeps
   * @param nudge writes one byte to the peer's socket
   * @param fail called when the peer broke the ring; the link stops
   */
  constructor(
    buffer: ArrayBuffer,
    side: 0 | 1,
    capacity: number,
    private readonly windowMs: number,
    private readonly receive: (bytes: Buffer) => void,
    nudge: () => void,
    private readonly fail: (error: Error) => void,
  ) {
    this.writer = new RingWriter(buffer, side, capacity, nudge);
    this.reader = new RingReader(buffer, side === 0 ? 1 : 0, capacity, nudge);
  }

  /** Prepares a new file: both readers start parked. */
  static initialize(buffer: ArrayBuffer, capacity: number): void {
    for (const index of [0, 1] as const) {
      new RingReader(buffer, index, capacity, () => undefined).initialize();
    }
  }

  /** Whether written bytes wait for room in the ring. */
  get blocked(): boolean {
    return this.writer.blocked;
  }

  /** Sends `bytes` (copied) and polls for the answer for a while. */
  write(bytes: Uint8Array): void {
    this.writer.write(bytes);
    this.pollForAWhile();
  }

  /** Sends `first` then `second` (both copied) as one write, and polls for a while. */
  writePair(first: Uint8Array, second: Uint8Array): void {
    this.writer.writePair(first, second);
    this.pollForAWhile();
  }

  /** The peer nudged: read now, then keep polling for a while. */
  nudged(): void {
    this.pollOnce();
    this.pollForAWhile();
  }

  /** Resolves once no written bytes wait for room (at once if none do) or the link closes. */
  drained(): Promise<void> {
    if (!this.writer.blocked || this.closed) return Promise.resolve();
    return new Promise(resolve => this.drainWaiters.push(resolve));
  }

  /** Stops polling for good. */
  close(): void {
    this.closed = true;
    this.wakeDrainWaiters();
  }

  private pollForAWhile(): void {
    this.pollUntil = performance.now() + this.windowMs;
    if (!this.polling && !this.closed) {
      this.polling = true;
      this.governor.started();
      this.reader.unpark();
      setImmediate(this.turn);
    }
  }

  /** Reads what arrived and moves waiting writes into the ring; true if anything was read. */
  private pollOnce(): boolean {
    if (this.closed) return false;
    if (this.writer.blocked && this.writer.flush()) this.wakeDrainWaiters();
    try {
      return this.reader.read(this.receive) > 0;
    } catch (error) {
      this.closed = true;
      this.fail(error as Error);
      return false;
    }
  }

  private wakeDrainWaiters(): void {
    for (const wake of this.drainWaiters.splice(0)) wake();
  }

  private readonly turn = (): void => {
    if (this.pollOnce()) this.pollUntil = performance.now() + this.windowMs;
    const spin =
      !this.closed &&
      performance.now() < this.pollUntil &&
      this.governor.turned();
    // Parking fails when bytes arrived meanwhile: then this end reads on.
    if (spin || (!this.closed && !this.reader.park())) {
      setImmediate(this.turn);
    } else {
      this.polling = false;
      this.governor.stopped();
    }
  };
}
