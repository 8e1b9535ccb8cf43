export * from './throttler.interfaces';
export * from './throttler.decorators';
export { THROTTLER_OPTIONS, THROTTLER_STORAGE } from './throttler.constants';
export { ThrottlerException } from './throttler.exception';
export { ThrottlerGuard } from './throttler.guard';
export { ThrottlerModule } from './throttler.module';
export { InMemoryThrottlerStorage } from './in-memory-throttler.storage';
export { countHit } from './throttler-window';
export type { ThrottlerWindow } from './throttler-window';
