import { Observable } from 'rxjs';
import type { EventEnvelope } from '../event-bus/event-envelope.interface';
import type { EventSubscription } from '../event-bus/event-bus.interfaces';
import type { MemoryEventBus } from '../event-bus/memory-event-bus';
import { assertChannelName } from '../messaging/channel-name.util';

/**
 * Where a stream subscriber starts. By default at the tail: only chunks published after it.
 *
 * @publicApi
 */
export interface StreamSubscribeOptions {
  /** Start at this sequence number (chunks the log still retains). */
  from?: number;
  /** Start with the last `last` chunks. */
  last?: number;
}

/**
 * One chunk of a stream, with its position.
 *
 * @publicApi
 */
export interface StreamChunk<T> {
  /** The chunk's sequence number: shared by every publisher, strictly increasing. */
  seq: number;
  value: T;
  /** When it was published (ms since the epoch). */
  ts: number;
  /** The publisher's pid. */
  origin: number;
}

/**
 * A named stream of chunks shared by every process attached to the pool (Python mvent's
 * StreamingEvent, across processes). Chunks are appended to the pool's log, so two
 * publishers never overwrite each other and every subscriber gets every chunk in order;
 * retention is the log's.
 *
 * @example
 * ```ts
 * const prices = streams.get<number>('prices.eur');
 * prices.subscribe(price => console.log(price), { last: 10 });
 * await prices.publish(101.5);
 * ```
 * @publicApi
 */
export class SharedStream<T = unknown> {
  private readonly event: string;

  /** @throws TypeError for an invalid key */
  constructor(
    private readonly bus: MemoryEventBus,
    readonly key: string,
  ) {
    assertChannelName('stream', key);
    this.event = `mvent.stream.${key}`;
  }

  /** Appends a chunk; resolves with its sequence number. */
  publish(chunk: T): Promise<number> {
    return this.bus.publish(this.event, chunk);
  }

  /** Calls `handler` with each chunk, in order (async handlers are awaited one at a time). */
  subscribe(
    handler: (value: T, chunk: StreamChunk<T>) => unknown,
    options: StreamSubscribeOptions = {},
  ): EventSubscription {
    return this.bus.on<T>(
      this.event,
      (value, envelope) => handler(value, toChunk(envelope)),
      { ...options, name: `stream ${this.key}` },
    );
  }

  /** The chunks as an rxjs Observable (subscribes on subscribe). */
  asObservable(
    options: StreamSubscribeOptions = {},
  ): Observable<StreamChunk<T>> {
    return new Observable<StreamChunk<T>>(subscriber => {
      const subscription = this.subscribe(
        (_value, chunk) => subscriber.next(chunk),
        options,
      );
      return () => subscription.unsubscribe();
    });
  }
}

function toChunk<T>(envelope: EventEnvelope<T>): StreamChunk<T> {
  return {
    seq: envelope.seq,
    value: envelope.value,
    ts: envelope.ts,
    origin: envelope.origin,
  };
}
