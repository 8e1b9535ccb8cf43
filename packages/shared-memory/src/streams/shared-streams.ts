import type { MemoryEventBus } from '../event-bus/memory-event-bus';
import { SharedStream } from './shared-stream';

/**
 * The streams of a pool: `streams.get(key)` gives the stream every attached process shares
 * under that key. Injectable from `SharedMemoryModule`.
 *
 * @publicApi
 */
export class SharedStreams {
  private readonly streams = new Map<string, SharedStream>();

  constructor(private readonly bus: MemoryEventBus) {}

  /** The stream named `key` (`prices.eur`). @throws TypeError for an invalid key */
  get<T = unknown>(key: string): SharedStream<T> {
    let stream = this.streams.get(key);
    if (!stream) {
      stream = new SharedStream(this.bus, key);
      this.streams.set(key, stream);
    }
    return stream as SharedStream<T>;
  }
}
