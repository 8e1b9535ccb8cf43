import { extendArrayMetadata } from '@mvent/core/internal';
import { ON_EVENT_METADATA } from '../constants';
import type { OnEventOptions } from '../interfaces/on-event-options.interface';

/** One `@OnEvent()` on a method. */
export interface OnEventMetadata {
  pattern: string;
  options: OnEventOptions;
}

/**
 * Subscribes the method to the shared-memory events matching `pattern`, in every process
 * attached to the pool. The first parameter receives the value; typed as a DTO class, it is
 * validated first (an invalid payload is logged and counted, and the method is not called).
 * The second receives the {@link EventEnvelope}.
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
  return (_target, _key, descriptor) => {
    extendArrayMetadata<OnEventMetadata>(
      ON_EVENT_METADATA,
      [{ pattern, options }],
      descriptor.value as object,
    );
  };
}
OnEvent.KEY = ON_EVENT_METADATA;
