import { ValueTooLargeError } from '../errors/value-too-large.error';
import type { ResponseFrame } from './rpc-frames';

/** Chunks sent in one frame at most. */
const MAX_CHUNKS_PER_FRAME = 1024;

/** What streaming a response needs from the server and the caller's connection. */
export interface StreamTarget {
  /** Sends one frame; throws `ValueTooLargeError` (nothing sent) when it is too large. */
  send(frame: ResponseFrame): void;
  /** Resolves once the caller has read what was sent. */
  drained(): Promise<void>;
  /** Whether the caller went away. */
  gone(): boolean;
  /** The `error` frame's status and body for an error the handler's stream raised. */
  failure(error: unknown): { statusCode: number; body: unknown };
}

/**
 * Sends a handler's stream as `chunks` frames, as many chunks per frame as arrived in one turn
 * of the event loop (up to {@link MAX_CHUNKS_PER_FRAME}), then `end`, or `error` if it fails.
 * It waits while the caller reads slowly, and stops the stream when the caller goes away or
 * {@link abort} is called (the server closing), even while the stream waits for its next
 * chunk. A batch too large for one frame is split; one chunk too large on its own ends the
 * stream with an error that names its size.
 */
export class ResponseStreamer {
  /** Why the stream was ended from outside (the server closing). */
  private aborted: { statusCode: number; message: string } | undefined;
  private wakeOnAbort: (() => void) | undefined;

  constructor(
    private readonly id: string,
    private readonly target: StreamTarget,
  ) {}

  /** Ends the stream with an `error` frame of `statusCode` as soon as possible. */
  abort(statusCode: number, message: string): void {
    this.aborted ??= { statusCode, message };
    this.wakeOnAbort?.();
  }

  /** Streams `stream` to the caller; resolves once the stream ended, one way or another. */
  async run(stream: AsyncIterable<unknown> | Iterable<unknown>): Promise<void> {
    const iterator = toIterator(stream);
    let pending: unknown[] = [];
    let scheduled: NodeJS.Immediate | undefined;
    let unsendable: { error: unknown } | undefined;
    const flush = () => {
      scheduled = undefined;
      const chunks = pending;
      pending = [];
      if (chunks.length > 0 && !unsendable) {
        try {
          this.sendChunks(chunks);
        } catch (error) {
          unsendable = { error }; // thrown from the loop below, which owns the error path
        }
      }
    };
    const throwIfUnsendable = () => {
      if (unsendable) throw unsendable.error;
    };
    try {
      for (;;) {
        const next = await this.nextOrAbort(iterator);
        throwIfUnsendable();
        if (next === undefined || this.target.gone()) break;
        if (next.done) {
          flush();
          throwIfUnsendable();
          this.target.send({ id: this.id, kind: 'end' });
          return;
        }
        pending.push(next.value);
        if (pending.length >= MAX_CHUNKS_PER_FRAME) {
          flush();
          await this.target.drained();
        } else {
          scheduled ??= setImmediate(flush);
        }
      }
      if (this.aborted && !this.target.gone()) {
        clearImmediate(scheduled);
        flush();
        const { statusCode, message } = this.aborted;
        this.target.send({
          id: this.id,
          kind: 'error',
          statusCode,
          body: { statusCode, message },
        });
      }
      void iterator.return?.(); // stops the handler's generator; its cleanup may take its time
    } catch (error) {
      clearImmediate(scheduled);
      flush();
      void iterator.return?.();
      const { statusCode, body } = this.target.failure(error);
      this.target.send({ id: this.id, kind: 'error', statusCode, body });
    }
  }

  /** The iterator's next result, or `undefined` once the stream was aborted. */
  private async nextOrAbort(
    iterator: AsyncIterator<unknown> | Iterator<unknown>,
  ): Promise<IteratorResult<unknown> | undefined> {
    if (this.aborted) return undefined;
    const aborted = new Promise<undefined>(resolve => {
      this.wakeOnAbort = () => resolve(undefined);
    });
    try {
      return await Promise.race([iterator.next(), aborted]);
    } finally {
      this.wakeOnAbort = undefined;
    }
  }

  /** Sends `chunks`, in halves while a frame of them is too large. */
  private sendChunks(chunks: unknown[]): void {
    try {
      this.target.send({ id: this.id, kind: 'chunks', chunks });
    } catch (error) {
      if (!(error instanceof ValueTooLargeError) || chunks.length === 1) {
        throw error;
      }
      const half = Math.ceil(chunks.length / 2);
      this.sendChunks(chunks.slice(0, half));
      this.sendChunks(chunks.slice(half));
    }
  }
}

function toIterator(
  stream: AsyncIterable<unknown> | Iterable<unknown>,
): AsyncIterator<unknown> | Iterator<unknown> {
  return Symbol.asyncIterator in stream
    ? stream[Symbol.asyncIterator]()
    : stream[Symbol.iterator]();
}
