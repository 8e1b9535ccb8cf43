/**
 * Lifecycle hook called after every provider of the application is created. It may return a Promise, which is awaited.
 *
 * @publicApi
 */
export interface OnModuleInit {
  onModuleInit(): unknown;
}
