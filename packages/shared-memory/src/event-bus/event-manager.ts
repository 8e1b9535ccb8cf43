import type { EventHandler } from './event-envelope.interface';
import type { EventSubscription } from './event-bus.interfaces';
import { MemoryEventBus } from './memory-event-bus';

/**
 * Python mvent's `EventManager`, for code ported from it: the {@link MemoryEventBus} under
 * Python's names. `subscribe(name, callback)` is `on`, except that, as Python keeps its
 * callbacks in a set, subscribing the same callback to the same name twice calls it once;
 * `unsubscribe` is `off`; `stop()` is `close()`. Unlike Python's, it does not poll: every
 * event reaches every callback, in every process, in order (a callback gets the value, and the
 * envelope as a second argument it may ignore).
 *
 * @example
 * ```ts
 * const events = new EventManager(new SharedMemoryPool({ name: 'default_pool' }));
 * events.subscribe('user.created', user => console.log(user));
 * ```
 * @publicApi
 */
export class EventManager extends MemoryEventBus {
  private readonly subscribed = new Map<
    string,
    Map<EventHandler, EventSubscription>
  >();

  /** Calls `callback` with each value emitted under `eventName` (a pattern, as `on`). */
  subscribe<T = any>(eventName: string, callback: EventHandler<T>): void {
    let callbacks = this.subscribed.get(eventName);
    if (!callbacks) {
      callbacks = new Map();
      this.subscribed.set(eventName, callbacks);
    }
    if (!callbacks.has(callback as EventHandler)) {
      callbacks.set(callback as EventHandler, this.on(eventName, callback));
    }
  }

  /** Stops calling `callback` for `eventName`. */
  unsubscribe(eventName: string, callback: EventHandler): void {
    this.subscribed.get(eventName)?.get(callback)?.unsubscribe();
    this.subscribed.get(eventName)?.delete(callback);
  }

  /** Stops delivering events to this process's callbacks (`close()`). */
  stop(): Promise<void> {
    this.subscribed.clear();
    return this.close();
  }
}
