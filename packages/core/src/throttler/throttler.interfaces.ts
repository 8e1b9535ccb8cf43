import type { ExecutionContext } from '../pipeline/arguments-host.interface';

/**
 * One rate limit, as `@nestjs/throttler` names it: at most `limit` calls per `ttl` ms per
 * tracker (the sender by default); past it, calls are refused for `blockDuration` ms.
 *
 * @publicApi
 */
export interface ThrottlerOptions {
  /** Tells several limits apart (`@Throttle({ short: {...} })`). @default 'default' */
  name?: string;
  /** The window, in ms (see `seconds()`, `minutes()`). */
  ttl: number;
  limit: number;
  /** How long a caller over the limit is refused, in ms. @default ttl */
  blockDuration?: number;
  /** Calls for which this limit does not count. */
  skipIf?: (context: ExecutionContext) => boolean;
  /**
   * Whom a call is counted against. @default the request's sender on routes, the emitting
   * process on events
   */
  getTracker?: (
    request: unknown,
    context: ExecutionContext,
  ) => string | Promise<string>;
}

/**
 * Options of `ThrottlerModule.forRoot`: the limits, or the limits with a storage and the
 * refusal's message.
 *
 * @publicApi
 */
export type ThrottlerModuleOptions =
  | ThrottlerOptions[]
  | {
      throttlers: ThrottlerOptions[];
      /** Where hits are counted. @default the shared-memory pool when `SharedMemoryModule` is imported, else this process's memory */
      storage?: ThrottlerStorage;
      /** The message of the 429. @default 'ThrottlerException: Too Many Requests' */
      errorMessage?: string;
    };

/**
 * What a storage answers for one hit.
 *
 * @publicApi
 */
export interface ThrottlerStorageRecord {
  totalHits: number;
  /** ms until the window ends. */
  timeToExpire: number;
  isBlocked: boolean;
  /** ms until the block ends (0 when not blocked). */
  timeToBlockExpire: number;
}

/**
 * Counts hits per key, as `@nestjs/throttler`'s storage does. The shared-memory storage
 * counts across every process of a pool.
 *
 * @publicApi
 */
export interface ThrottlerStorage {
  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord>;
}

/** Milliseconds in `n` seconds. @publicApi */
export const seconds = (n: number): number => n * 1000;
/** Milliseconds in `n` minutes. @publicApi */
export const minutes = (n: number): number => n * 60_000;
/** Milliseconds in `n` hours. @publicApi */
export const hours = (n: number): number => n * 3_600_000;
