import type { OnEventOptions } from '@mvent/core';

/** Called with every handler error (and, with `suppressErrors: false`, instead of logging it). */
export type EventErrorHook = (
  error: unknown,
  context: { event: string; handler: string },
) => void;

/** Options of `bus.on()`: the subscription's options plus a name for the statistics. */
export interface SubscribeOptions extends OnEventOptions {
  /** The handler's name in `getHandlerStats()`. @default the function's name, else the pattern */
  name?: string;
}

/**
 * A subscription handle.
 *
 * @publicApi
 */
export interface EventSubscription {
  /** Stops delivery to this subscriber. */
  unsubscribe(): void;
}
