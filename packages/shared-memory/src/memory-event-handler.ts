import { MemoryEventBus } from './event-bus/memory-event-bus';
import type { EventHandler } from './event-bus/event-envelope.interface';
import type { SetOptions } from './interfaces/pool-entry.interface';
import type { SharedMemoryOptions } from './interfaces/shared-memory-options.interface';
import type { OnEventOptions } from './interfaces/on-event-options.interface';
import { SharedMemoryPool } from './pool/shared-memory-pool';

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
 * events.emit('price', 42, { ttl: '5s' });
 * await events.cleanup();
 * ```
 * @publicApi
 */
export class MemoryEventHandler {
  readonly pool: SharedMemoryPool;
  readonly bus: MemoryEventBus;

  constructor(
    poolName = 'default_pool',
    options: Omit<SharedMemoryOptions, 'name'> = {},
  ) {
    this.pool = new SharedMemoryPool({ ...options, name: poolName });
    this.bus = new MemoryEventBus(this.pool);
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

  /** Sets `event`'s value and delivers it to every subscriber in every process. */
  emit(event: string, value: unknown, options?: SetOptions): number {
    return this.bus.emit(event, value, options);
  }

  /** Resolves once other processes can wake this one. */
  ready(): Promise<void> {
    return this.bus.ready;
  }

  /** Stops delivery and closes the bus and the pool (the pool's data stays). */
  async cleanup(): Promise<void> {
    await this.bus.close();
    await this.pool.close();
  }
}
