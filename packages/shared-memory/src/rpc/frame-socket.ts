import type { Socket } from 'node:net';
import { UnsupportedValueError } from '../errors/unsupported-value.error';
import { ValueTooLargeError } from '../errors/value-too-large.error';
import { createStructuredPackr } from '../pool/value-codec';

const HEADER_BYTES = 4;
const packr = createStructuredPackr();

/**
 * Frames over a stream socket: a uint32 length (little-endian), then the frame as msgpack,
 * with the pool's structured-clone types. A frame larger than `maxFrameBytes` is refused
 * on both ends: the sender gets a {@link ValueTooLargeError}, and a peer that announces one
 * (or sends bytes that do not decode) is disconnected, since the stream cannot be resynced.
 */
export class FrameSocket<In, Out> {
  private partial: Buffer | undefined;

  constructor(
    readonly socket: Socket,
    private readonly maxFrameBytes: number,
    private readonly onFrame: (frame: In) => void,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
  }

  /**
   * Writes `frame`; `label` names it in errors.
   *
   * @throws UnsupportedValueError, ValueTooLargeError (nothing is written)
   */
  send(frame: Out, label: string): void {
    let payload: Buffer;
    try {
      payload = packr.pack(frame);
    } catch (error) {
      throw new UnsupportedValueError(label, (error as Error).message, error);
    }
    if (payload.length > this.maxFrameBytes) {
      throw new ValueTooLargeError(label, payload.length, this.maxFrameBytes);
    }
    const header = Buffer.allocUnsafe(HEADER_BYTES);
    header.writeUInt32LE(payload.length, 0);
    this.socket.write(Buffer.concat([header, payload]));
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
      let frame: In;
      try {
        frame = packr.unpack(bytes.subarray(HEADER_BYTES, end)) as In;
      } catch (error) {
        this.socket.destroy(error as Error);
        return;
      }
      this.onFrame(frame);
      bytes = bytes.subarray(end);
    }
    if (bytes.length > 0) {
      this.partial = bytes;
    }
  }
}
