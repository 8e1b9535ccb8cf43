import type { Socket } from 'node:net';
import { createConnection } from 'node:net';
import { UnsupportedValueError } from '../errors/unsupported-value.error';
import { ValueTooLargeError } from '../errors/value-too-large.error';
import { createStructuredPackr } from '../pool/value-codec';

const HEADER_BYTES = 4;
/** A frame of length 0 (no msgpack value is empty) tells the reader to start a fresh decoder. */
const RESET = Buffer.alloc(HEADER_BYTES);
/** Reads land in one reused buffer per connection (`onread`), not a new one per read. */
const READ_BUFFER_BYTES = 64 * 1024;

/** One per direction of a connection: an object shape is defined once, then referenced. */
const createCodec = () => createStructuredPackr({ sequential: true });

/**
 * Frames over a stream socket: a uint32 length (little-endian), then the frame as msgpack,
 * with the pool's structured-clone types. Like msgpackr's streams, each direction defines an
 * object shape once and refers to it afterwards, which halves the cost of a small frame. A
 * frame larger than `maxFrameBytes` is refused on both ends: the sender gets a
 * {@link ValueTooLargeError}, and a peer that announces one (or sends bytes that do not
 * decode) is disconnected, since the stream cannot be resynced.
 */
export class FrameSocket<In, Out> {
  private partial: Buffer | undefined;
  private encoder = createCodec();
  private decoder = createCodec();

  constructor(
    readonly socket: Socket,
    private readonly maxFrameBytes: number,
    private readonly onFrame: (frame: In) => void,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
  }

  /**
   * Connects to the Unix socket at `path`. Reads bypass the stream machinery: the kernel
   * fills one reused buffer and the frames are decoded from it straight away.
   */
  static connect<In, Out>(
    path: string,
    maxFrameBytes: number,
    onFrame: (frame: In) => void,
  ): FrameSocket<In, Out> {
    // Assigned before the first read can arrive: reads start after this call returns.
    let frames: FrameSocket<In, Out> | undefined = undefined;
    const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
    const socket = createConnection({
      path,
      onread: {
        buffer,
        callback: length => {
          frames?.receive(buffer.subarray(0, length));
          return true; // keep reading
        },
      },
    });
    frames = new FrameSocket<In, Out>(socket, maxFrameBytes, onFrame);
    return frames;
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
    const bytes = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
    bytes.writeUInt32LE(payload.length, 0);
    payload.copy(bytes, HEADER_BYTES);
    this.socket.write(bytes);
  }

  /** Resolves once the socket takes more writes (at once unless its buffer is full) or closes. */
  drained(): Promise<void> {
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

  /**
   * A frame that was packed but not sent may have defined shapes the reader never saw: both
   * ends start over.
   */
  private resetEncoder(): void {
    this.encoder = createCodec();
    this.socket.write(RESET);
  }

  /** Decodes the frames in `chunk`, which may be a view of a reused buffer. */
  private receive(chunk: Buffer): void {
    let bytes = this.partial ? Buffer.concat([this.partial, chunk]) : chunk;
    this.partial = undefined;
    while (bytes.length >= HEADER_BYTES) {
      const length = bytes.readUInt32LE(0);
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
}
