/**
 * Lifecycle hook called first when the application closes. It may return a Promise, which is awaited.
 *
 * @publicApi
 */
export interface OnModuleDestroy {
  onModuleDestroy(): unknown;
}
