import type { MventTransport } from './transport.interface';

/**
 * Options of `MventEventsModule.forRoot()`.
 *
 * @publicApi
 */
export interface MventEventsModuleOptions {
  /** The transport, such as `natsTransport({ servers })` or `redisTransport({ url })`. */
  transport: MventTransport;
  /**
   * Milliseconds an `@OnEvent` or `@OnRequest` handler's Promise may take before it counts as
   * failed (the event is redelivered; the request answered 504). @default 30 s (`DEFAULT_HANDLER_TIMEOUT_MS`); `0` for none
   */
  handlerTimeout?: number;
  /**
   * Serve every `@OnRequest` route that does not name its transports, besides those that name
   * this one. @default true
   */
  rpc?: boolean;
}
