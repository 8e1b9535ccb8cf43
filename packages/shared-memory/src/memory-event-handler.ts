import type { MemoryEventBus } from './event-bus/memory-event-bus';
import type { EventHandler } from './event-bus/event-envelope.interface';
import type { SharedMemoryOptions } from './interfaces/shared-memory-options.interface';
import type { OnEventOptions } from '@mvent/core';
import type { SharedMemoryPool } from './pool/shared-memory-pool';
import { AttachedBus } from './python/attached-bus';
import type { Seconds } from './python/seconds.util';
import { secondsToMs } from './python/seconds.util';

/**
 * Python mvent's `MemoryEventHandler`, without DI: a pool and its bus in one object.
 *
 * @example
 * ```ts
 * const events = new MemoryEventHandler('my_pool');
 * events.on('price', value => console.log(value));
 * class Watcher {
 *   @events.on('price') onPrice(value: number) {}   // as a method decorator (called without `this`)
 * }
 * events.emit('price', 42, { ttl: 5 }); // seconds, as Python's ttl=5.0
 * await events.cleanup();
 * ```
 * @publicApi
 */
export class MemoryEventHandler {
  readonly pool: SharedMemoryPool;
  readonly bus: MemoryEventBus;
  private readonly attached: AttachedBus;

  constructor(
    poolName = 'default_pool',
    options: Omit<SharedMemoryOptions, 'name'> = {},
  ) {
    this.attached = new AttachedBus({ ...options, name: poolName }, poolName);
    ({ pool: this.pool, bus: this.bus } = this.attached);
  }

  /** Subscribes `handler` to `event` (a pattern such as `price.*` works too). */
  on(event: string, handler: EventHandler, options?: OnEventOptions): this;
  /** Returns a decorator that subscribes the decorated method or function. */
  on(event: string): MethodDecorator & (<F extends EventHandler>(fn: F) => F);
  on(event: string, handler?: EventHandler, options?: OnEventOptions): unknown {
    if (handler) {
      this.bus.on(event, handler, options);
      return this;
    }
    return (...args: unknown[]) => {
      const fn = (
        args.length === 1 ? args[0] : (args[2] as PropertyDescriptor).value
      ) as EventHandler;
      this.bus.on(event, fn);
      return args.length === 1 ? fn : undefined;
    };
  }

  /**
   * Sets `event`'s value and delivers it to every subscriber in every process. `ttl` is in
   * **seconds**, as Python's `ttl=5.0` (or a duration string such as `'250ms'`); absent or 0:
   * the value never expires.
   *
   * @throws InvalidDurationError for a negative or malformed ttl
   */
  emit(
    event: string,
    value: unknown,
    ttl?: Seconds | { ttl?: Seconds },
  ): number {
    const seconds = typeof ttl === 'object' ? ttl.ttl : ttl;
    return this.bus.emit(event, value, {
      ttl: seconds === undefined ? undefined : secondsToMs(seconds),
    });
  }

  /** Resolves once other processes can wake this one. */
  ready(): Promise<void> {
    return this.bus.ready;
  }

  /** Stops delivery and closes the bus and the pool (the pool's data stays). */
  cleanup(): Promise<void> {
    return this.attached.close();
  }
}
