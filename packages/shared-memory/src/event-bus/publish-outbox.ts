import { MAX_PUBLISH_BATCH } from '../constants';
import { PoolClosedError } from '../errors/pool-closed.error';
import type { SharedMemoryPool } from '../pool/shared-memory-pool';

interface Message {
  event: string;
  value: unknown;
  resolve: (seq: number) => void;
  reject: (error: unknown) => void;
}

/**
 * The messages `publish()` was given in this tick, written in one transaction at its end
 * (or at once past `MAX_PUBLISH_BATCH`); a batch that fails is written one by one, so that
 * only the faulty message is refused and the others go out in order.
 */
export class PublishOutbox {
  private messages: Message[] = [];
  private closed = false;

  constructor(
    private readonly pool: SharedMemoryPool,
    /** Told of each batch written, in order. */
    private readonly written: (events: readonly string[]) => void,
  ) {}

  /** Queues `value` as `event`; resolves with its sequence number once written. */
  add(event: string, value: unknown): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.messages.push({ event, value, resolve, reject });
      if (this.messages.length >= MAX_PUBLISH_BATCH) {
        this.flush();
      } else if (this.messages.length === 1) {
        queueMicrotask(() => this.flush());
      }
    });
  }

  /** Writes what was queued; from now on, refuses every message with `PoolClosedError`. */
  close(): void {
    this.flush();
    this.closed = true;
  }

  /** Writes the queued messages in one transaction, or one by one if that fails. */
  flush(): void {
    const batch = this.messages;
    this.messages = [];
    if (this.closed) {
      batch.forEach(m => m.reject(new PoolClosedError(this.pool.name)));
      return;
    }
    if (batch.length === 0) {
      return;
    }
    try {
      const seqs = this.pool.appendMessages(batch);
      batch.forEach((message, i) => message.resolve(seqs[i]));
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
      for (const message of batch) {
        this.messages = [message];
        this.flush();
      }
      return;
    }
    this.written(batch.map(message => message.event));
  }
}
