/**
 * Lifecycle hook called after every module's `onModuleInit` has resolved. It may return a Promise, which is awaited.
 *
 * @publicApi
 */
export interface OnApplicationBootstrap {
  onApplicationBootstrap(): unknown;
}
