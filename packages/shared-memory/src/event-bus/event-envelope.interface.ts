/**
 * One event as delivered to handlers.
 *
 * @publicApi
 */
export interface EventEnvelope<T = unknown> {
  /** Position in the pool's event log: strictly increasing, shared by all processes. */
  seq: number;
  /** The event name. */
  event: string;
  value: T;
  /** Emit time, ms since the epoch. */
  ts: number;
  /** The pid of the emitting process. */
  origin: number;
  /** `true` when this is the current value handed to a new subscriber (`replay: 'latest'`), not a new event. */
  replayed?: boolean;
}

/**
 * A handler: called with the value and the whole envelope. It may return a Promise,
 * which is awaited before the same subscriber gets its next event.
 *
 * @publicApi
 */
export type EventHandler<T = any> = (
  value: T,
  envelope: EventEnvelope<T>,
) => unknown;
