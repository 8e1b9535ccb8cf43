/**
 * Options of {@link natsTransport}.
 *
 * @publicApi
 */
export interface NatsTransportOptions {
  /** The servers, such as `nats://10.0.0.5:4222`; list several for a cluster. */
  servers: string | string[];
  /** The JetStream stream that stores the events. @default 'MVENT_EVENTS' */
  stream?: string;
  /** Event `a.b` goes on subject `<subjectPrefix>.a.b`. @default 'mvent.events' */
  subjectPrefix?: string;
  /** Route `/a/b` is served on subject `<rpcPrefix>.a.b`. @default 'mvent.rpc' */
  rpcPrefix?: string;
  /**
   * Events that failed `maxDeliver` times go to `<deadLetterPrefix>.<group>` (`broadcast`
   * without a group), stored in the stream `<stream>_DLQ`. @default 'mvent.dlq'
   */
  deadLetterPrefix?: string;
  /** Copies of each stream across the cluster: 3 survives the loss of one node. @default 1 */
  replicas?: number;
  /** Where the servers keep the streams. @default 'file' */
  storage?: 'file' | 'memory';
  /** How long events are kept, in ms. @default 7 days */
  maxAge?: number;
  /** A publish retried with the same id within this many ms is stored once. @default 120000 */
  duplicateWindow?: number;
  /** How long a publish keeps retrying while the cluster elects a leader, in ms. @default 30000 */
  publishRetryMs?: number;
  /** The default `maxDeliver` of `@OnEvent`. @default 5 */
  maxDeliver?: number;
  /**
   * The default `ackWait` of `@OnEvent`, in ms: how long a member that died holds its events
   * before they go to another. A handler that runs longer keeps its event (mvent sends
   * `working()`). @default 10000
   */
  ackWait?: number;
  /**
   * The servers remove a broadcast subscriber's consumer once nobody pulled from it for this
   * many ms (a process that died without closing). A process stopped longer than this finds it
   * gone when it resumes, and re-creates it where it stopped. @default 60000
   */
  broadcastInactiveThreshold?: number;
  /** The queue-group prefix of `@OnRequest` routes: instances serving a route share one. @default 'mvent' */
  queue?: string;
  /** The default request timeout, in ms. @default 30000 */
  requestTimeout?: number;
  /** How long to wait for the first connection, in ms. @default 5000 */
  connectTimeout?: number;
  /** The connection's name in the servers' monitoring. @default `mvent host/pid` */
  name?: string;
  /** Credentials and other options of `@nats-io/transport-node`'s `connect()`. */
  connectionOptions?: Record<string, unknown>;
}
