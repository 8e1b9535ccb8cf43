import type { JsonNumbers, LoggerService } from '@mvent/core';
import type { SyftBoxConfig } from '../syftbox/syftbox-config';

/**
 * Options of the SyftEvents server (`SyftEventsModule.forRoot` and `new SyftEvents`).
 *
 * @publicApi
 */
export interface SyftEventsOptions {
  /**
   * The SyftBox to serve: a config file path, or a config. Default: found as syft-core
   * finds it, else the embedded default (`~/.mvent/syftbox` as `user@mvent.local`).
   */
  config?: string | SyftBoxConfig;
  /** Write `rpc/rpc.schema.json` at start. @default true */
  publishSchema?: boolean;
  /** Requests and responses older than this are removed, a duration string (`'7d'`). @default '30d' */
  cleanupExpiry?: string;
  /** Time between cleanups, a duration string; the first is at start. @default '1h' */
  cleanupInterval?: string;
  /** Answer handler errors with a JSON report (type, message, function, stack). @default false */
  debug?: boolean;
  /** Handlers running at once, across all routes. @default 32 */
  concurrency?: number;
  /**
   * Milliseconds an `onRequest` handler's Promise may take before the request is answered
   * 504 and its slot freed. @default 30 s (`DEFAULT_HANDLER_TIMEOUT_MS`); `0` for none
   */
  handlerTimeout?: number;
  /**
   * Milliseconds `stop()` waits for requests in progress; then it logs how many are left
   * and returns (their late results are still written). @default 10000
   */
  stopTimeout?: number;
  /** Time between scans for requests a watcher missed, a duration string. @default '10s' */
  rescanInterval?: string;
  /** Larger request files are answered 400 without being read. @default 4 MiB */
  maxRequestBytes?: number;
  /** A request that does not parse is retried until unchanged for this long (ms). @default 1000 */
  partialWriteTimeout?: number;
  /**
   * A request that keeps changing and still does not parse is answered 400 "still being
   * written" after this long (ms). @default 10000
   */
  partialWriteLimit?: number;
  /**
   * What answers a request in a folder below an endpoint that is not itself a route
   * (`rpc/echo/sub/<sender>/<id>.request` with only `/echo` served). `'not-found'`: a 404
   * naming the endpoint above, since a handler reading `/echo`'s body may misread a request
   * meant for another endpoint. `'parent'`: the endpoint above serves it, as Python
   * syft-event's recursive watches do (its `request.path` is still `/echo/sub`). A `/echo/**`
   * route is the explicit way to get the same. @default 'not-found'
   */
  nestedRequests?: 'not-found' | 'parent';
  /**
   * How numbers of JSON bodies reach handlers and go back (see `JsonNumbers`): `'exact'`
   * keeps integers beyond 2^53 exact as `bigint`, as Python's `int`; `'lossless'` also keeps
   * every number's text (`1.0` goes back as `1.0`) as a `LosslessNumber`. @default 'exact'
   */
  jsonNumbers?: JsonNumbers;
  /** Where logs go. @default a `Logger` named `SyftEvents` */
  logger?: LoggerService;
}
