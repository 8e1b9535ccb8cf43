import type { Socket } from 'node:net';
import { createConnection } from 'node:net';
import { UnsupportedValueError } from '../errors/unsupported-value.error';
import { ValueTooLargeError } from '../errors/value-too-large.error';
import { EventLoopSpinner } from '../messaging/event-loop-spinner';
import { createStructuredPackr } from '../pool/value-codec';
import {
  createRingFile,
  openOfferedRingFile,
  RING_CAPACITY,
  removeRingFile,
  ringsAvailable,
} from './ring-file';
import { SharedRingLink } from './shared-ring-link';

const HEADER_BYTES = 4;
/** A frame of length 0 (no msgpack value is empty) tells the reader to start a fresh decoder. */
const RESET = Buffer.alloc(HEADER_BYTES);
/** Reads land in one reused buffer per connection (`onread`), not a new one per read. */
const READ_BUFFER_BYTES = 64 * 1024;

/** One per direction of a connection: an object shape is defined once, then referenced. */
const createCodec = () => createStructuredPackr({ sequential: true });

/**
 * A length with the top bit set is a control frame (frames are far smaller): the low bits
 * give its kind, and a uint32 length and that many bytes follow.
 */
const CONTROL = 0x80000000;
/** Caller to server: "map this ring file and let us talk through it" (bytes: the path). */
const RING_OFFER = CONTROL + 1;
/** Server to caller: the ring is mapped; from now on the socket carries nudges only. */
const RING_ACCEPTED = CONTROL + 2;
/** Server to caller: it cannot map the ring; frames stay on the socket. */
const RING_REFUSED = CONTROL + 3;
const NUDGE = Buffer.from([1]);

/** Options of {@link FrameSocket.connect}. */
export interface FrameSocketOptions {
  /**
   * Offer the server a ring in shared memory for the frames, when this process can map
   * one; the server may refuse. @default false
   */
  sharedRing?: boolean;
  /** How long each end polls the ring after traffic before it parks, in ms. */
  pollWindowMs?: number;
}

/** A ring offered to the server and not answered yet: frames wait for the answer. */
interface RingOffer {
  path: string;
  buffer: ArrayBuffer;
  held: Buffer[];
}

/**
 * Frames over a stream socket: a uint32 length (little-endian), then the frame as msgpack,
 * with the pool's structured-clone types. Like msgpackr's streams, each direction defines an
 * object shape once and refers to it afterwards, which halves the cost of a small frame. A
 * frame larger than `maxFrameBytes` is refused on both ends: the sender gets a
 * {@link ValueTooLargeError}, and a peer that announces one (or sends bytes that do not
 * decode) is disconnected, since the stream cannot be resynced.
 *
 * A caller may offer a ring file in shared memory ({@link FrameSocketOptions.sharedRing}).
 * Once the server accepts, the same bytes flow through the ring, with no system call per
 * frame while both ends are busy, and the socket only wakes an end that parked and tells
 * each end when the other is gone.
 */
export class FrameSocket<In, Out> {
  private partial: Buffer | undefined;
  private encoder = createCodec();
  private decoder = createCodec();
  private ring: SharedRingLink | undefined;
  private readonly header = Buffer.alloc(HEADER_BYTES); // reused: the ring copies it
  private offer: RingOffer | undefined;
  // Without a ring: keeps the event loop turning while frames come in quick succession.
  private readonly spin: EventLoopSpinner;

  /**
   * @param pollWindowMs how long an end keeps its event loop turning after traffic, so the
   *   next frame is seen without a kernel wake-up (see {@link EventLoopSpinner})
   */
  constructor(
    readonly socket: Socket,
    private readonly maxFrameBytes: number,
    private readonly onFrame: (frame: In) => void,
    private readonly pollWindowMs = 0,
  ) {
    this.spin = new EventLoopSpinner(pollWindowMs);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.fromSocket(chunk));
    socket.on('close', () => this.closed());
  }

  /**
   * Connects to the Unix socket at `path`. Reads bypass the stream machinery: the kernel
   * fills one reused buffer and the frames are decoded from it straight away.
   */
  static connect<In, Out>(
    path: string,
    maxFrameBytes: number,
    onFrame: (frame: In) => void,
    options: FrameSocketOptions = {},
  ): FrameSocket<In, Out> {
    // Assigned before the first read can arrive: reads start after this call returns.
    let frames: FrameSocket<In, Out> | undefined = undefined;
    const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
    const socket = createConnection({
      path,
      onread: {
        buffer,
        callback: length => {
          frames?.fromSocket(buffer.subarray(0, length));
          return true; // keep reading
        },
      },
    });
    frames = new FrameSocket<In, Out>(
      socket,
      maxFrameBytes,
      onFrame,
      options.pollWindowMs,
    );
    if (options.sharedRing && ringsAvailable()) frames.offerRing();
    return frames;
  }

  /** Whether frames travel through a shared-memory ring. */
  get overSharedRing(): boolean {
    return this.ring !== undefined;
  }

  /**
   * Writes `frame`; `label` names it in errors.
   *
   * @throws UnsupportedValueError, ValueTooLargeError (nothing is written)
   */
  send(frame: Out, label: string): void {
    let payload: Buffer;
    try {
      payload = this.encoder.pack(frame);
    } catch (error) {
      this.resetEncoder();
      throw new UnsupportedValueError(label, (error as Error).message, error);
    }
    if (payload.length > this.maxFrameBytes) {
      this.resetEncoder();
      throw new ValueTooLargeError(label, payload.length, this.maxFrameBytes);
    }
    if (this.ring) {
      this.header.writeUInt32LE(payload.length, 0);
      this.ring.writePair(this.header, payload); // copies both
      return;
    }
    const bytes = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
    bytes.writeUInt32LE(payload.length, 0);
    payload.copy(bytes, HEADER_BYTES);
    this.write(bytes);
  }

  /** Resolves once the connection takes more writes (at once unless it is full) or closes. */
  drained(): Promise<void> {
    if (this.ring) return this.ring.drained();
    const socket = this.socket;
    if (!socket.writableNeedDrain || socket.destroyed) {
      return Promise.resolve();
    }
    return new Promise(resolve => {
      const done = () => {
        socket.off('drain', done);
        socket.off('close', done);
        resolve();
      };
      socket.on('drain', done);
      socket.on('close', done);
    });
  }

  /** `bytes` must not be reused by the caller: an unanswered offer holds on to them. */
  private write(bytes: Buffer): void {
    if (this.ring) {
      this.ring.write(bytes);
    } else if (this.offer) {
      this.offer.held.push(bytes);
    } else {
      this.socket.write(bytes);
      this.spin.activity();
    }
  }

  /**
   * A frame that was packed but not sent may have defined shapes the reader never saw: both
   * ends start over.
   */
  private resetEncoder(): void {
    this.encoder = createCodec();
    this.write(Buffer.from(RESET));
  }

  /** Creates a ring file and offers it; frames wait for the server's answer. */
  private offerRing(): void {
    let created: { path: string; buffer: ArrayBuffer };
    try {
      created = createRingFile();
    } catch {
      return; // e.g. /dev/shm is full: the socket will do
    }
    SharedRingLink.initialize(created.buffer, RING_CAPACITY);
    this.offer = { ...created, held: [] };
    this.socket.write(controlFrame(RING_OFFER, Buffer.from(created.path)));
  }

  /** The server mapped the ring (or could not): frames held so far go where it said. */
  private answered(accepted: boolean): void {
    const offer = this.offer;
    if (!offer) {
      this.socket.destroy(new Error('Unexpected answer to a ring offer.'));
      return;
    }
    this.offer = undefined;
    removeRingFile(offer.path);
    if (accepted) this.ring = this.link(offer.buffer, 0);
    for (const bytes of offer.held) this.write(bytes);
  }

  /** A caller offered a ring: map it if possible, and say whether it is used. */
  private offered(path: string): void {
    try {
      this.ring = this.link(openOfferedRingFile(path), 1);
    } catch {
      this.socket.write(controlFrame(RING_REFUSED, Buffer.alloc(0)));
      return;
    }
    this.socket.write(controlFrame(RING_ACCEPTED, Buffer.alloc(0)));
  }

  private link(buffer: ArrayBuffer, side: 0 | 1): SharedRingLink {
    return new SharedRingLink(
      buffer,
      side,
      RING_CAPACITY,
      this.pollWindowMs,
      bytes => this.receive(bytes),
      () => this.socket.write(NUDGE),
      error => this.socket.destroy(error),
    );
  }

  private closed(): void {
    this.spin.stop();
    this.ring?.close();
    if (this.offer) removeRingFile(this.offer.path);
  }

  /** Bytes from the socket: frames, or once a ring is in use, nudges. */
  private fromSocket(chunk: Buffer): void {
    if (this.ring) {
      this.ring.nudged();
    } else {
      this.spin.activity();
      this.receive(chunk);
    }
  }

  /** Decodes the frames in `chunk`, which may be a view of a reused buffer. */
  private receive(chunk: Buffer): void {
    let bytes = this.partial ? Buffer.concat([this.partial, chunk]) : chunk;
    this.partial = undefined;
    while (bytes.length >= HEADER_BYTES) {
      const length = bytes.readUInt32LE(0);
      if (length >= CONTROL) {
        const end = this.control(length, bytes);
        if (end < 0) return; // disconnected
        if (end === 0) break; // the rest has not arrived
        if (this.ring) {
          this.ring.nudged(); // what follows on the socket are nudges
          return;
        }
        bytes = bytes.subarray(end);
        continue;
      }
      if (length > this.maxFrameBytes) {
        this.socket.destroy(
          new ValueTooLargeError('incoming frame', length, this.maxFrameBytes),
        );
        return;
      }
      const end = HEADER_BYTES + length;
      if (bytes.length < end) {
        break;
      }
      if (length === 0) {
        this.decoder = createCodec();
        bytes = bytes.subarray(end);
        continue;
      }
      let frame: In;
      try {
        frame = this.decoder.unpack(bytes.subarray(HEADER_BYTES, end)) as In;
      } catch (error) {
        this.socket.destroy(error as Error);
        return;
      }
      this.onFrame(frame);
      bytes = bytes.subarray(end);
    }
    if (bytes.length > 0) {
      this.partial = Buffer.from(bytes); // a copy: the read buffer is reused
    }
  }

  /**
   * Handles the control frame at the start of `bytes`. Returns where it ends, `0` if it has
   * not fully arrived, or `-1` if it was not acceptable and the socket is closed.
   */
  private control(kind: number, bytes: Buffer): number {
    if (bytes.length < 2 * HEADER_BYTES) return 0;
    const length = bytes.readUInt32LE(HEADER_BYTES);
    const end = 2 * HEADER_BYTES + length;
    if (length > MAX_CONTROL_BYTES || this.ring) {
      this.socket.destroy(new Error('Unexpected control frame.'));
      return -1;
    }
    if (bytes.length < end) return 0;
    if (kind === RING_OFFER) {
      this.offered(bytes.toString('utf8', 2 * HEADER_BYTES, end));
    } else if (kind === RING_ACCEPTED || kind === RING_REFUSED) {
      this.answered(kind === RING_ACCEPTED);
    } else {
      this.socket.destroy(new Error(`Unknown control frame ${kind}.`));
      return -1;
    }
    return this.socket.destroyed ? -1 : end;
  }
}

/** A path is the largest control payload. */
const MAX_CONTROL_BYTES = 4096;

function controlFrame(kind: number, payload: Buffer): Buffer {
  const bytes = Buffer.allocUnsafe(2 * HEADER_BYTES + payload.length);
  bytes.writeUInt32LE(kind, 0);
  bytes.writeUInt32LE(payload.length, HEADER_BYTES);
  payload.copy(bytes, 2 * HEADER_BYTES);
  return bytes;
}
