/**
 * Options of {@link redisTransport}.
 *
 * @publicApi
 */
export interface RedisTransportOptions {
  /** The server, such as `redis://10.0.0.5:6379`. @default 'redis://127.0.0.1:6379' */
  url?: string;
  /**
   * Prefix of every key. Events live in `{<prefix>}:events` (one stream, so that every
   * subscriber sees one order) and requests in `{<prefix>-rpc}:route:<route>` (a stream per
   * route); the braces keep each family in one Redis Cluster slot. @default 'mvent'
   */
  prefix?: string;
  /** About how many events the stream keeps (`XADD MAXLEN ~`). @default 1000000 */
  maxLen?: number;
  /** A publish retried with the same id within this many ms is stored once. @default 120000 */
  duplicateWindow?: number;
  /** The default `maxDeliver` of `@OnEvent`. @default 5 */
  maxDeliver?: number;
  /**
   * The default `ackWait` of `@OnEvent`, in ms: how long an event stays pending (its handler
   * threw, or its process died) before `XAUTOCLAIM` delivers it again, at the latest. A
   * handler that runs longer keeps its entry (mvent re-claims it). @default 10000
   */
  ackWait?: number;
  /** The default request timeout, in ms. @default 30000 */
  requestTimeout?: number;
  /** How long to wait for the first connection, in ms. @default 5000 */
  connectTimeout?: number;
  /** Other options of ioredis (password, TLS, …). */
  connectionOptions?: Record<string, unknown>;
}
