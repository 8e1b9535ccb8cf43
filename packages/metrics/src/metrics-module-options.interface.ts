/**
 * Options of `MetricsModule.forRoot()`.
 *
 * @publicApi
 */
export interface MetricsModuleOptions {
  /** The port of the `/metrics` endpoint; `0` picks a free one, `false` serves none. @default 9464 */
  port?: number | false;
  /** The interface to listen on. @default '127.0.0.1' (this machine only) */
  host?: string;
  /** @default '/metrics' */
  path?: string;
  /**
   * Host names, besides IP addresses and `localhost`, that requests may be addressed to
   * (the `Host` header): any other is refused with a 403, against DNS rebinding.
   */
  allowedHosts?: string[];
}
