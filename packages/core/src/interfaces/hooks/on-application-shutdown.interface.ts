/**
 * Lifecycle hook called last, after the engines have stopped. It may return a Promise, which is awaited.
 *
 * @publicApi
 */
export interface OnApplicationShutdown {
  onApplicationShutdown(signal?: string): unknown;
}
