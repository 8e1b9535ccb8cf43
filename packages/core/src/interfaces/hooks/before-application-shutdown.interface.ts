/**
 * Lifecycle hook called after every `onModuleDestroy`, before the engines stop. It may return a Promise, which is awaited.
 *
 * @publicApi
 */
export interface BeforeApplicationShutdown {
  beforeApplicationShutdown(signal?: string): unknown;
}
