import type { EventSubscription } from '../event-bus/event-bus.interfaces';
import type {
  StreamChunk,
  StreamSubscribeOptions,
} from '../streams/shared-stream';
import { assertChannelName } from '../messaging/channel-name.util';
import { SharedStream } from '../streams/shared-stream';
import type { PoolSource } from './attached-bus';
import { AttachedBus } from './attached-bus';

/**
 * Python mvent's `StreamingEvent`, standalone: a stream of chunks every process attached to
 * the pool shares, over {@link SharedStream}. Unlike Python's, publishers in several processes
 * never overwrite each other, a subscriber gets every chunk in order at the bus's speed (not
 * one per 50 ms), and a subscriber starts at the tail: pass `{ from: 1 }` or `{ last }` to
 * replay what the log still keeps, as Python's fresh subscriber does.
 *
 * @example
 * ```ts
 * const stream = new StreamingEvent('chatroom1');
 * stream.subscribe(msg => console.log('STREAMED:', msg));
 * await stream.publish('Welcome to the room!');
 * await stream.stop();
 * ```
 * @publicApi
 */
export class StreamingEvent<T = unknown> {
  private readonly attached: AttachedBus;
  private readonly stream: SharedStream<T>;
  private readonly subscriptions: EventSubscription[] = [];

  /**
   * @param streamKey the stream's name (Python's `stream_key`, default `default_stream`)
   * @param pool an open pool, a pool name or pool options (default the pool `streaming_pool`)
   * @throws TypeError for an invalid stream key
   */
  constructor(streamKey = 'default_stream', pool?: PoolSource) {
    assertChannelName('stream', streamKey); // before a pool is opened for nothing
    this.attached = new AttachedBus(pool, 'streaming_pool');
    this.stream = new SharedStream<T>(this.attached.bus, streamKey);
  }

  /** The stream's name. */
  get streamKey(): string {
    return this.stream.key;
  }

  /** Appends a chunk for every subscriber; resolves with its sequence number. */
  publish(data: T): Promise<number> {
    return this.stream.publish(data);
  }

  /** Calls `callback` with each chunk's data, in order (the chunk's position is the second argument). */
  subscribe(
    callback: (data: T, chunk: StreamChunk<T>) => unknown,
    options?: StreamSubscribeOptions,
  ): EventSubscription {
    const subscription = this.stream.subscribe(callback, options);
    this.subscriptions.push(subscription);
    return subscription;
  }

  /** Resolves once publishers in other processes can wake this one. */
  ready(): Promise<void> {
    return this.attached.bus.ready;
  }

  /** Stops every subscription and closes the bus (and the pool, when it opened it). */
  async stop(): Promise<void> {
    for (const subscription of this.subscriptions.splice(0)) {
      subscription.unsubscribe();
    }
    await this.attached.close();
  }
}
