/**
 * Options of `@OnEvent()` and `bus.on()`.
 *
 * @publicApi
 */
export interface OnEventOptions {
  /**
   * `'latest'`: first hand the subscriber the current value of each matching key, like a
   * BehaviorSubject. By default a subscriber starts at the tail: only events emitted after it.
   */
  replay?: 'latest';
  /**
   * First hand the subscriber the logged events from this sequence number on (those the log
   * still retains), then the live ones.
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
   * failed (504) and the subscriber gets its next event. Default: the module's `handlerTimeout`.
   */
  timeout?: number;
  /** Called when this subscriber fell behind the log's retention and `missed` events are gone. */
  onGap?: (missed: number) => void;
}
