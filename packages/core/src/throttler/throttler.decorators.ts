import { SetMetadata } from '../decorators/set-metadata.decorator';
import {
  SKIP_THROTTLE_METADATA,
  THROTTLE_METADATA,
} from './throttler.constants';

/**
 * Overrides limits of `ThrottlerModule.forRoot` for a controller or handler, by name.
 *
 * @example
 * ```ts
 * @Throttle({ default: { limit: 3, ttl: 60_000 } })
 * @OnRequest('/login') login() {}
 * ```
 * @publicApi
 */
export function Throttle(
  limits: Record<
    string,
    { limit?: number; ttl?: number; blockDuration?: number }
  >,
): ClassDecorator & MethodDecorator {
  return SetMetadata(THROTTLE_METADATA, limits);
}

/**
 * Exempts a controller or handler from the limits named `true` (`@SkipThrottle()` is
 * `{ default: true }`); on a method, `false` undoes its controller's skip.
 *
 * @publicApi
 */
export function SkipThrottle(
  skip: Record<string, boolean> = { default: true },
): ClassDecorator & MethodDecorator {
  return SetMetadata(SKIP_THROTTLE_METADATA, skip);
}
