import { INTERNAL_EVENT_PREFIX } from '../constants';
import type { EventEnvelope, EventHandler } from './event-envelope.interface';

/** How a subscription reports a handler's outcome. */
export interface SubscriptionHooks {
  /** Called after each handler call with the event, its duration and error, if any. */
  afterCall(
    subscription: Subscription,
    envelope: EventEnvelope,
    durationMs: number,
    error: unknown,
  ): void;
}

/**
 * The event names `pattern` listens to: those `matches` accepts, where mvent's own
 * events reach only patterns written for them.
 */
export function acceptedEvents(
  pattern: string,
  matches: (event: string) => boolean,
): (event: string) => boolean {
  const seesInternal = pattern.startsWith(INTERNAL_EVENT_PREFIX);
  return event =>
    (seesInternal || !event.startsWith(INTERNAL_EVENT_PREFIX)) &&
    matches(event);
}

/**
 * One subscriber: a pattern, a handler and a queue. Events are handled one at a time in
 * log order; an async handler is awaited before the next event. Sync handlers run
 * without any Promise in between.
 */
export class Subscription {
  private readonly queue: EventEnvelope[] = [];
  private head = 0;
  private running = false;
  private active = true;
  /** Whether the event's name is one this subscriber listens to, whatever its position. */
  readonly accepts: (event: string) => boolean;

  constructor(
    readonly pattern: string,
    readonly matches: (event: string) => boolean,
    readonly handler: EventHandler,
    /** Events with a sequence number at or below this one are not for this subscriber. */
    readonly startAfter: number,
    private readonly hooks: SubscriptionHooks,
    readonly once = false,
    readonly onGap?: (missed: number) => void,
  ) {
    this.accepts = acceptedEvents(pattern, matches);
  }

  /** Whether this subscriber wants the event `seq` named `event`. */
  wants(seq: number, event: string): boolean {
    return this.active && seq > this.startAfter && this.accepts(event);
  }

  push(envelope: EventEnvelope): void {
    this.queue.push(envelope);
    if (!this.running) {
      this.run();
    }
  }

  /** Stops delivery; queued events are dropped. */
  cancel(): void {
    this.active = false;
    this.queue.length = 0;
    this.head = 0;
  }

  private run(): void {
    this.running = true;
    while (this.active && this.head < this.queue.length) {
      const envelope = this.queue[this.head++];
      const started = performance.now();
      let result: unknown;
      try {
        result = this.handler(envelope.value, envelope);
      } catch (error) {
        this.hooks.afterCall(
          this,
          envelope,
          performance.now() - started,
          error,
        );
        continue;
      }
      if (isPromiseLike(result)) {
        result.then(
          () => this.resume(envelope, started, undefined),
          (error: unknown) =>
            this.resume(envelope, started, error ?? new Error('rejected')),
        );
        return;
      }
      this.hooks.afterCall(
        this,
        envelope,
        performance.now() - started,
        undefined,
      );
    }
    this.compact();
    this.running = false;
  }

  private resume(
    envelope: EventEnvelope,
    started: number,
    error: unknown,
  ): void {
    this.hooks.afterCall(this, envelope, performance.now() - started, error);
    this.run();
  }

  private compact(): void {
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    }
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as PromiseLike<unknown>).then === 'function'
  );
}
