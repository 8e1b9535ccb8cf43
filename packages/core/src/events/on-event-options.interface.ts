/**
 * Options of `@OnEvent()` and `bus.on()`. The first group applies to every transport; `group`,
 * `since`, `maxDeliver` and `ackWait` to the durable ones (NATS JetStream, Redis Streams),
 * where the shared-memory bus refuses them at start with a clear error.
 *
 * @publicApi
 */
export interface OnEventOptions {
  /**
   * Durable transports: the subscriber group. The members of a group (instances of the same
   * handler, in any process on any host) share the events: each is handled by one member, and
   * a member that dies hands its unacknowledged events to another. Without a group, every
   * instance gets every event (broadcast).
   */
  group?: string;
  /** Durable transports: first hand the subscriber the events stored since this time. */
  since?: Date;
  /**
   * Durable transports: how many times an event is delivered to a handler that throws (or
   * whose process dies) before it goes to the dead-letter subject or stream. @default 5
   */
  maxDeliver?: number;
  /**
   * Durable transports: milliseconds an event may stay unacknowledged (its handler running, or
   * its process gone) before it is delivered again. A running handler keeps its event. @default 30000
   */
  ackWait?: number;
  /**
   * `'latest'`: first hand the subscriber the current value of each matching key, like a
   * BehaviorSubject. By default a subscriber starts at the tail: only events emitted after it.
   */
  replay?: 'latest';
  /**
   * First hand the subscriber the logged events from this sequence number on (those the log
   * still retains), then the live ones. On NATS the JetStream stream sequence; on Redis the
   * sequence mvent stores with each entry.
   */
  from?: number;
  /** First hand the subscriber the last `last` logged events that match, then the live ones. */
  last?: number;
  /** Unsubscribe after the first event. @default false */
  once?: boolean;
  /**
   * Log and count handler errors instead of passing them to the bus's error hook as
   * unhandled. @default true
   */
  suppressErrors?: boolean;
  /**
   * `@OnEvent` only: milliseconds the handler's Promise may take; then it is reported as
   * failed (504), logged and counted, and the subscriber gets its next event. Default: the
   * module's `handlerTimeout`, else 30 s (`DEFAULT_HANDLER_TIMEOUT_MS`); `0` for none.
   */
  timeout?: number;
  /** Called when this subscriber fell behind the log's retention and `missed` events are gone. */
  onGap?: (missed: number) => void;
}
