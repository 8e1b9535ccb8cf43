import { ON_EVENT_METADATA } from '../constants';
import { rememberHandler } from '../discovery/declarations';
import { extendArrayMetadata } from '../utils/extend-metadata.util';
import type { OnEventOptions } from './on-event-options.interface';

/**
 * One `@OnEvent()` on a method.
 *
 * @publicApi
 */
export interface OnEventMetadata {
  pattern: string;
  options: OnEventOptions;
}

/**
 * Subscribes the method to the events matching `pattern` on the application's event
 * transport: shared memory (every process attached to the pool) or, with
 * `MventEventsModule`, NATS JetStream or Redis Streams. With `{ group }`, the members of the
 * group share the events (each is handled once per group); without, every instance gets each. The first parameter receives the value; typed as a DTO class, it is
 * validated first (an invalid payload is logged and counted, and the method is not called).
 * The second receives the event's envelope (`EventEnvelope` on shared memory, {@link TransportEnvelope} across hosts).
 *
 * @example
 * ```ts
 * @Controller()
 * class Audit {
 *   @OnEvent('user.*')
 *   record(user: UserDto, { event, origin }: EventEnvelope) {}
 * }
 * ```
 * @publicApi
 */
export function OnEvent(
  pattern: string,
  options: OnEventOptions = {},
): MethodDecorator {
  if (typeof pattern !== 'string' || pattern.length === 0) {
    throw new TypeError('`pattern` must be a non-empty string');
  }
  return (target, key, descriptor) => {
    rememberHandler(
      target,
      key,
      `@OnEvent('${pattern}')`,
      'SharedMemoryModule (one machine) or MventEventsModule (NATS, Redis)',
    );
    extendArrayMetadata<OnEventMetadata>(
      ON_EVENT_METADATA,
      [{ pattern, options }],
      descriptor.value as object,
    );
  };
}
OnEvent.KEY = ON_EVENT_METADATA;
