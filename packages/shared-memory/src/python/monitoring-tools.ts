import type { PoolStats } from '../interfaces/pool-stats.interface';
import type { SharedMemoryPool } from '../pool/shared-memory-pool';
import type { PoolSource } from './attached-bus';
import { openPool } from './attached-bus';

/**
 * One handler's timings in {@link MonitoringTools}, in **seconds** as in Python.
 *
 * @publicApi
 */
export interface HandlerPerf {
  calls: number;
  totalTime: number;
  avgTime: number;
}

const EVENTS_KEY = 'mvent.monitoring.events';
const HANDLERS_KEY = 'mvent.monitoring.handlers';

/**
 * Python mvent's `MonitoringTools`: event counts and handler timings you record yourself,
 * kept **in the pool**, so every attached process adds to and reads the same totals (Python's
 * are per process). Each record is one write transaction (tens of microseconds). The bus's
 * automatic statistics (`MemoryEventBus.getEventStats()`, `getHandlerStats()`,
 * `getAggregatedStats()`) run beside it, untouched. Unlike Python's, `wrapHandler` also
 * works as a method decorator, and times async functions until they settle.
 *
 * @example
 * ```ts
 * const monitor = new MonitoringTools(securePool);
 * monitor.recordEvent('test_event');
 * monitor.wrapHandler('timed', (x: number) => x * x)(4);
 * console.log(monitor.getEventStats(), monitor.getHandlerStats(), monitor.getMemoryStats());
 * ```
 * @publicApi
 */
export class MonitoringTools {
  readonly pool: SharedMemoryPool;
  private readonly ownsPool: boolean;

  /** @param pool an open pool, a pool name or pool options (default the pool `monitoring_pool`) */
  constructor(pool?: PoolSource) {
    ({ pool: this.pool, owned: this.ownsPool } = openPool(
      pool,
      'monitoring_pool',
    ));
  }

  /** Counts one occurrence of `eventName`, for every process. */
  recordEvent(eventName: string): void {
    this.pool.updateInternal(EVENTS_KEY, parseCounts, counts => ({
      ...counts,
      [eventName]: (counts?.[eventName] ?? 0) + 1,
    }));
  }

  /** Adds one call of `elapsed` **seconds** to `handlerName`'s timings. */
  recordHandlerPerf(handlerName: string, elapsed: number): void {
    if (!Number.isFinite(elapsed) || elapsed < 0) {
      throw new TypeError(`elapsed must be seconds >= 0, got ${elapsed}`);
    }
    this.pool.updateInternal(HANDLERS_KEY, parsePerf, table => {
      const { calls = 0, totalTime = 0 } = table?.[handlerName] ?? {};
      const perf = { calls: calls + 1, totalTime: totalTime + elapsed };
      return {
        ...table,
        [handlerName]: { ...perf, avgTime: perf.totalTime / perf.calls },
      };
    });
  }

  /** The pool's statistics. */
  getMemoryStats(): PoolStats {
    return this.pool.getStats();
  }

  /** How many times each event was recorded, by every process. */
  getEventStats(): Record<string, number> {
    return { ...this.pool.getInternal(EVENTS_KEY, parseCounts) };
  }

  /** Each handler's calls and times in seconds, by every process. */
  getHandlerStats(): Record<string, HandlerPerf> {
    return { ...this.pool.getInternal(HANDLERS_KEY, parsePerf) };
  }

  /**
   * `handler`, timed: each call that succeeds (or whose promise resolves) is recorded under
   * `handlerName`; a failure is passed on unrecorded, as in Python.
   */
  wrapHandler<F extends (...args: any[]) => any>(
    handlerName: string,
    handler: F,
  ): F;
  /** A method decorator that times the decorated method under `handlerName`. */
  wrapHandler(handlerName: string): MethodDecorator;
  wrapHandler(handlerName: string, handler?: (...args: any[]) => any): unknown {
    if (handler) return this.timed(handlerName, handler);
    return (
      _target: object,
      _key: string | symbol,
      descriptor: PropertyDescriptor,
    ) => {
      descriptor.value = this.timed(
        handlerName,
        descriptor.value as (...args: unknown[]) => unknown,
      );
    };
  }

  /** Closes the pool when it was opened here. */
  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.close();
  }

  private timed(name: string, handler: (...args: unknown[]) => unknown) {
    const record = (started: number) =>
      this.recordHandlerPerf(name, (performance.now() - started) / 1000);
    // A function, not an arrow: a wrapped method keeps its `this`.
    return function (this: unknown, ...args: unknown[]): unknown {
      const started = performance.now();
      const result = handler.apply(this, args);
      if (result instanceof Promise) {
        return result.then((value: unknown) => {
          record(started);
          return value;
        });
      }
      record(started);
      return result;
    };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseCounts(value: unknown): Record<string, number> | undefined {
  return isRecord(value) && Object.values(value).every(Number.isSafeInteger)
    ? (value as Record<string, number>)
    : undefined;
}

function parsePerf(value: unknown): Record<string, HandlerPerf> | undefined {
  const valid =
    isRecord(value) &&
    Object.values(value).every(
      perf =>
        isRecord(perf) &&
        Number.isSafeInteger(perf.calls) &&
        typeof perf.totalTime === 'number',
    );
  return valid ? (value as Record<string, HandlerPerf>) : undefined;
}
