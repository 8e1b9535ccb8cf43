import { Logger } from '@mvent/core';
import { Observable } from 'rxjs';
import type { ObservedCall } from '@mvent/core';
import type { SetOptions } from '../interfaces/pool-entry.interface';
import { StatsRecorder } from '../monitoring/stats-recorder';
import type { StatsSnapshot } from '../monitoring/stats.interface';
import { createMatcher } from '../pool/pattern-matcher';
import { UnheardEmits } from './unheard-emits';
import type { ProcessRecord } from '../pool/process-record';
import type { SharedMemoryPool } from '../pool/shared-memory-pool';
import type {
  EventErrorHook,
  EventSubscription,
  SubscribeOptions,
} from './event-bus.interfaces';
import type { EventEnvelope, EventHandler } from './event-envelope.interface';
import { replayLatest } from './replay-latest.util';
import { replayLog } from './replay-log.util';
import type { SubscriptionHooks } from './subscription';
import { Subscription } from './subscription';
import { LogDrain } from './log-drain';
import { WakeupChannel } from './wakeup-channel';
import { BusWakeups } from './bus-wakeups';
import { BusSafetyPoll } from './bus-safety-poll';
import { PoolClosedError } from '../errors/pool-closed.error';

/**
 * The cross-process event bus of one pool. `emit` writes the value, then appends the event
 * to the pool's event log (lock-free, in shared memory); `publish` only appends. Each process
 * reads the log from its own cursor and hands every event to every matching subscriber, in
 * order, exactly once; a process that has read everything parks, and a writer wakes only
 * parked processes. A slow safety poll covers a lost wake-up.
 *
 * @example
 * ```ts
 * const bus = new MemoryEventBus(pool);
 * bus.on('user.*', (user, { event }) => console.log(event, user));
 * bus.emit('user.created', { id: 1 });
 * ```
 * @publicApi
 */
export class MemoryEventBus {
  /** Resolves once other processes can wake this one. */
  readonly ready: Promise<void>;
  private readonly logger = new Logger('MemoryEventBus');
  private readonly stats = new StatsRecorder();
  private readonly channel: WakeupChannel;
  /** Replaced, never changed in place, so a dispatch loop can walk it without a copy. */
  private subscriptions: readonly Subscription[] = [];
  private readonly poll: BusSafetyPoll;
  private readonly log: LogDrain;
  private readonly wakeups: BusWakeups;
  private errorHook: EventErrorHook | undefined;
  private closed: Promise<void> | undefined;
  private readonly unheard = new UnheardEmits();
  /** Stops the pool from closing this bus with it. */
  private readonly releasePool: () => void;

  constructor(readonly pool: SharedMemoryPool) {
    this.log = new LogDrain(pool, this.stats, {
      subscriptions: () => this.subscriptions,
      isClosed: () => this.closed !== undefined,
      reportError: (error, event, handler) =>
        this.reportError(error, event, handler, true),
      park: parked => this.wakeups.park(parked),
    });
    this.channel = new WakeupChannel(
      pool.path,
      () => this.log.schedule(),
      reason => this.reportUnwakeable(reason),
    );
    this.wakeups = new BusWakeups(
      pool.events.log.readers,
      this.channel,
      () => this.subscriptions.length > 0,
    );
    pool.processes.addStatsProvider(() => this.getLocalSnapshot());
    // One read of the registry a second, for both.
    this.poll = new BusSafetyPoll(pool, this.log, peers => {
      this.connectPeers(peers);
      this.warnIfUnheard(peers);
      this.rebindIfGone();
    });
    this.releasePool = pool.closesWith(this);
    this.ready = this.channel.listen().then(() => {
      if (this.closed) return;
      pool.processes.addSocket(this.channel.socketPath);
      this.wakeups.join();
      this.connectPeers();
      this.log.schedule(); // events that came before the slot was there
    });
    // Whoever awaits `ready` sees the failure; nobody else is killed by it.
    this.ready.catch((error: Error) => this.reportUnwakeable(error.message));
  }

  /**
   * Appends the event to the log as `event`'s new value in the pool (one lock-free append:
   * `get` in every process returns it at once, and the store takes it at the next fold), then
   * wakes the parked readers. Returns the event's position in the log: increasing and unique,
   * not consecutive.
   */
  emit(event: string, value: unknown, options: SetOptions = {}): number {
    assertEventName(event);
    const seq = this.pool.appendEvent(event, value, options.ttl);
    this.stats.countEmit(event);
    this.unheard.emitted += 1;
    this.wakeReaders();
    return seq;
  }

  /**
   * Appends a message to the log without storing it as `event`'s value, for streams of
   * messages that have no "current value": no lock, no transaction. It is in the log when
   * this returns; resolves with its position.
   *
   * @throws (rejects) ValueTooLargeError, UnsupportedValueError, PoolClosedError
   */
  publish(event: string, value: unknown): Promise<number> {
    try {
      assertEventName(event);
      if (this.closed) throw new PoolClosedError(this.pool.name);
      const seq = this.pool.appendMessage(event, value);
      this.stats.countEmit(event);
      this.wakeReaders();
      return Promise.resolve(seq);
    } catch (error) {
      // A bad name or value rejects, as it did when messages were batched.
      return Promise.reject(
        error instanceof Error ? error : new Error(String(error)),
      );
    }
  }

  /** Subscribes `handler` to the events matching `pattern` (`user.*`, `**`, `{a,b}.done`). */
  on<T = any>(
    pattern: string,
    handler: EventHandler<T>,
    options: SubscribeOptions = {},
  ): EventSubscription {
    if (typeof handler !== 'function') {
      throw new TypeError('`handler` must be a function');
    }
    const name = options.name ?? (handler.name || pattern);
    const suppress = options.suppressErrors ?? true;
    const hooks: SubscriptionHooks = {
      afterCall: (subscription, envelope, durationMs, error) => {
        this.stats.recordCall(name, durationMs, error);
        if (subscription.once) {
          this.remove(subscription);
        }
        if (error !== undefined) {
          this.reportError(error, envelope.event, name, suppress);
        }
      },
    };
    const startAfter = this.pool.events.tail() - 1;
    const subscription = new Subscription(
      pattern,
      createMatcher(pattern),
      handler as EventHandler,
      startAfter,
      hooks,
      options.once,
      options.onGap,
    );
    if (this.subscriptions.length === 0) {
      // Records up to `startAfter` are for nobody here: skip them rather than read them (not
      // to the tail read again now, which could pass a record appended since, that it wants).
      this.log.skipTo(startAfter + 1);
    }
    this.subscriptions = [...this.subscriptions, subscription];
    if (this.subscriptions.length === 1) {
      // A drain reads what came since the skip, then parks: writers wake it from then on.
      this.log.schedule();
    }
    this.channel.setKeepAlive(true);
    if (options.replay === 'latest') {
      for (const envelope of replayLatest(this.pool, subscription.matches)) {
        subscription.push(envelope);
      }
    }
    if (options.from !== undefined || options.last !== undefined) {
      const accepts = (_seq: number, event: string) =>
        subscription.accepts(event);
      for (const envelope of replayLog(
        this.pool,
        accepts,
        options,
        startAfter,
      )) {
        subscription.push(envelope);
      }
    }
    return { unsubscribe: () => this.remove(subscription) };
  }

  /** Like {@link MemoryEventBus.on}, for one event only. */
  once<T = any>(
    pattern: string,
    handler: EventHandler<T>,
    options: SubscribeOptions = {},
  ): EventSubscription {
    return this.on(pattern, handler, { ...options, once: true });
  }

  /** Removes every subscription of `handler` to `pattern`. */
  off(pattern: string, handler: EventHandler): void {
    for (const subscription of this.subscriptions) {
      if (
        subscription.pattern === pattern &&
        subscription.handler === handler
      ) {
        this.remove(subscription);
      }
    }
  }

  /** The events matching `pattern` as an rxjs Observable (subscribes on subscribe). */
  events$<T = unknown>(
    pattern: string,
    options: SubscribeOptions = {},
  ): Observable<EventEnvelope<T>> {
    return new Observable<EventEnvelope<T>>(subscriber => {
      const subscription = this.on<T>(
        pattern,
        (_value, envelope) => subscriber.next(envelope),
        options,
      );
      return () => subscription.unsubscribe();
    });
  }

  /** Counts a payload that `handler` refused (DTO validation) in its statistics. */
  countInvalid(handler: string): void {
    this.stats.countInvalid(handler);
  }

  /** Counts an event that a guard kept from `handler` in its statistics. */
  countRefused(handler: string): void {
    this.stats.countRefused(handler);
  }

  /** Sets the hook that receives handler errors. */
  onError(hook: EventErrorHook): void {
    this.errorHook = hook;
  }

  /** Counts one RPC call served by this process, for the aggregated statistics (`@mvent/metrics`). */
  recordRpcCall(call: ObservedCall): void {
    this.stats.recordRpcCall(call);
  }

  /** Per event name in this process: emitted, delivered, rate. */
  getEventStats(): StatsSnapshot['events'] {
    return this.stats.eventStats();
  }

  /** Per handler in this process: calls, errors, invalid payloads, p50/p95 duration. */
  getHandlerStats(): StatsSnapshot['handlers'] {
    return this.stats.handlerStats();
  }

  /** The pool's sizes with this process's gap and read counters. */
  getMemoryStats(): ReturnType<SharedMemoryPool['getStats']> &
    StatsSnapshot['memory'] {
    return { ...this.pool.getStats(), ...this.getLocalSnapshot().memory };
  }

  /** Every attached process's latest published statistics (refreshed about once a second). */
  getAggregatedStats(): StatsSnapshot[] {
    return this.snapshotsOf(this.pool.processes.liveRecords());
  }

  /**
   * The statistics to sum for totals that never go down when a process exits, read in one
   * pass: `live`, each attached process's latest snapshot (as
   * {@link MemoryEventBus.getAggregatedStats}), and `left`, the summed counters of the
   * processes that exited or died (`undefined` until one has).
   */
  getStatsForTotals(): { live: StatsSnapshot[]; left?: StatsSnapshot } {
    const { live, left } = this.pool.processes.partitionForTotals();
    return { live: this.snapshotsOf(live), left };
  }

  /**
   * Stops delivery, closes the wake-up socket and timers. Idempotent. Does not close the
   * pool; closing the pool closes its buses first.
   */
  close(): Promise<void> {
    this.closed ??= (async () => {
      this.poll.stop();
      this.log.close();
      this.wakeups.leave();
      this.releasePool();
      for (const subscription of this.subscriptions) {
        this.remove(subscription);
      }
      await this.ready.catch(() => undefined);
      await this.channel.close();
      // The record may be shared with another pool object of this process, still open.
      this.pool.processes.removeSocket(this.channel.socketPath);
    })();
    return this.closed;
  }

  /** Closes the bus when the application shuts down. */
  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  /** The snapshots of `records`, this process's own as of now. */
  private snapshotsOf(records: ProcessRecord[]): StatsSnapshot[] {
    return records
      .map(record =>
        record.pid === process.pid ? this.getLocalSnapshot() : record.stats,
      )
      .filter((stats): stats is StatsSnapshot => stats !== undefined);
  }

  private getLocalSnapshot(): StatsSnapshot {
    return this.stats.snapshot(this.subscriptions.length, this.log.cursor);
  }

  private remove(subscription: Subscription): void {
    subscription.cancel();
    this.subscriptions = this.subscriptions.filter(s => s !== subscription);
    this.channel.setKeepAlive(this.subscriptions.length > 0);
    if (this.subscriptions.length === 0) this.wakeups.park(false);
  }

  private reportError(
    error: unknown,
    event: string,
    handler: string,
    suppress: boolean,
  ): void {
    if (suppress) {
      this.logger.error(
        `Handler ${handler} failed on "${event}": ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      this.errorHook?.(error, { event, handler });
    } else if (this.errorHook) {
      this.errorHook(error, { event, handler });
    } else {
      queueMicrotask(() => {
        throw error;
      });
    }
  }

  /**
   * Wakes the readers that sleep, then drains here, once at the end of this tick: the other
   * processes first, so that they do not wait for this one's handlers.
   */
  private wakeReaders(): void {
    this.wakeups.wakeReaders();
    this.log.schedule();
  }

  /** Binds the wake-up socket again if its file was removed, and says so. */
  private rebindIfGone(): void {
    try {
      if (this.channel.rebindIfGone()) {
        this.logger.warn(
          `The wake-up socket ${this.channel.socketPath} was removed by someone else: bound again.`,
        );
      }
    } catch (error) {
      this.reportUnwakeable((error as Error).message);
    }
  }

  private reportUnwakeable(reason: string): void {
    this.logger.error(
      `Other processes cannot wake this bus (${reason}): it reads new events by its safety poll only, every 100 ms to 1 s.`,
    );
  }

  private warnIfUnheard(peers: ProcessRecord[]): void {
    const warning = this.unheard.check(
      this.pool,
      this.subscriptions.length,
      peers,
    );
    if (warning) this.logger.warn(warning);
  }

  private connectPeers(peers = this.pool.processes.peers()): void {
    if (this.closed) {
      return;
    }
    this.channel.linkPeers(peers, peer => {
      if (!this.closed) this.pool.processes.forgetIfDead(peer);
    });
  }
}

function assertEventName(event: unknown): asserts event is string {
  if (typeof event !== 'string' || event.length === 0) {
    throw new TypeError('`event` must be a non-empty string');
  }
}
