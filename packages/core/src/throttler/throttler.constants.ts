/** The options of `ThrottlerModule.forRoot`. @publicApi */
export const THROTTLER_OPTIONS = 'mvent:throttler_options';
/**
 * A {@link ThrottlerStorage} the throttler uses when its options name none: the
 * shared-memory module provides one, so that limits hold across processes. @publicApi
 */
export const THROTTLER_STORAGE = 'mvent:throttler_storage';
/** `@Throttle()` overrides of a class or method. */
export const THROTTLE_METADATA = 'mvent:throttle';
/** `@SkipThrottle()` of a class or method. */
export const SKIP_THROTTLE_METADATA = 'mvent:skip_throttle';
