import type { OnEventOptions } from '../events/on-event-options.interface';
import type { RouteInvoker } from '../rpc/route-invoker';
import type { RoutePath } from '../rpc/route-path';
import type { RpcOutcome } from '../rpc/rpc-outcome';

/**
 * An event as a transport hands it to a handler (its second argument). The same fields on
 * every transport, so that a handler does not change when the transport does.
 *
 * @publicApi
 */
export interface TransportEnvelope<T = unknown> {
  /** The event name. */
  event: string;
  value: T;
  /**
   * Position in the transport's log, increasing in publish order: the JetStream stream
   * sequence, the sequence mvent stores with each Redis entry, the shared-memory log's.
   */
  seq: number;
  /** The publish id: a publish retried with the same id is delivered once. */
  id: string;
  /** Publish time, ms since the epoch. */
  ts: number;
  /** Who published it: `host/pid`. */
  origin: string;
  /** 1 on the first delivery, then 2, 3, … as the event is redelivered. */
  attempt: number;
  /** The transport's name, such as `nats`. */
  transport: string;
}

/**
 * Called for each event. The event is acknowledged when it returns (or its Promise resolves);
 * when it throws, the event is delivered again, up to `maxDeliver` times, then dead-lettered.
 *
 * @publicApi
 */
export type TransportEventHandler = (
  value: unknown,
  envelope: TransportEnvelope,
) => unknown;

/**
 * Options of {@link MventTransport.subscribe}: the `@OnEvent` options and the handler's name.
 *
 * @publicApi
 */
export interface TransportSubscribeOptions extends OnEventOptions {
  /** `Class.method`, for logs, statistics and the names of consumers. */
  name: string;
}

/**
 * Options of {@link MventTransport.publish}.
 *
 * @publicApi
 */
export interface PublishOptions {
  /**
   * The message id. A publish retried with the same id within the transport's dedupe window
   * (2 minutes by default) is stored once. @default a new UUID
   */
  id?: string;
}

/**
 * What a publish stored.
 *
 * @publicApi
 */
export interface PublishReceipt {
  id: string;
  /** The event's position in the log (the first copy's, for a duplicate). */
  seq: number;
  /** `true` when an event with this id was already stored: nothing new was stored. */
  duplicate: boolean;
}

/**
 * A subscription made with {@link MventTransport.subscribe}, or the routes being served.
 *
 * @publicApi
 */
export interface TransportSubscription {
  /** Stops delivering. Events in progress finish first; their acknowledgements are sent. */
  close(): Promise<void>;
}

/**
 * A request sent with {@link MventTransport.request}.
 *
 * @publicApi
 */
export interface TransportRequest {
  /** @default 'GET' */
  method?: string;
  /** Bytes as they are, text as UTF-8, anything else as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /** How long to wait for the response, in ms. @default 30000 */
  timeout?: number;
  /** The identity `@Sender()` sees. @default `host/pid` */
  sender?: string;
}

/**
 * The response to a request: status, headers and the body (parsed JSON where it was JSON).
 *
 * @publicApi
 */
export interface TransportResponse<T = unknown> extends RpcOutcome {
  body: T;
  /** Who answered, `host/pid`; `''` when nobody serves the route (a 404). */
  servedBy: string;
}

/**
 * A route a transport serves: an `@OnRequest` route with its pipeline.
 *
 * @publicApi
 */
export interface TransportRoute {
  path: RoutePath;
  invoke: RouteInvoker;
  name: string;
}

/**
 * Counters every transport keeps, for logs, `MventEventsClient.stats()` and metrics.
 *
 * @publicApi
 */
export interface TransportStats {
  /** Whether the connection is up now. */
  connected: boolean;
  /** Connections lost, and regained. */
  disconnects: number;
  reconnects: number;
  published: number;
  /** Publishes the transport recognised as retries of a stored event. */
  duplicates: number;
  /** Deliveries to handlers, first ones and redeliveries. */
  delivered: number;
  redelivered: number;
  acknowledged: number;
  /** Events that failed `maxDeliver` times and went to the dead-letter subject or stream. */
  deadLettered: number;
  /**
   * Messages refused as not mvent's own: a malformed payload, a sequence that is not the
   * broker's, or a payload naming another event than its subject. Each is logged.
   */
  refused: number;
  /**
   * Times the broker was seen to have lost stored data (a Redis restarted without
   * persistence: its groups and sequence counter gone). Each is logged as an error.
   */
  dataLost: number;
  /** Requests sent and requests served. */
  requests: number;
  served: number;
}

/**
 * A transport for events and request/response: what `MventEventsModule` runs `@OnEvent` and
 * `@OnRequest` handlers on. `@mvent/microservices` has NATS JetStream and Redis Streams;
 * `@mvent/shared-memory` has the shared-memory bus. The module calls `connect()` at start,
 * `subscribe()` for each `@OnEvent`, `serve()` with the `@OnRequest` routes at `listen()`,
 * and `close()` at shutdown.
 *
 * @publicApi
 */
export interface MventTransport {
  /** The transport's name, also the name `@OnRequest(path, { transports })` selects. */
  readonly name: string;
  /**
   * Connects, creating what it needs (streams, groups).
   *
   * @throws TransportConnectionError when the server cannot be reached
   */
  connect(): Promise<void>;
  publish(
    event: string,
    value: unknown,
    options?: PublishOptions,
  ): Promise<PublishReceipt>;
  subscribe(
    pattern: string,
    handler: TransportEventHandler,
    options: TransportSubscribeOptions,
  ): Promise<TransportSubscription>;
  /** Starts answering requests to `routes`, until the returned subscription is closed. */
  serve(routes: readonly TransportRoute[]): Promise<TransportSubscription>;
  request(path: string, request?: TransportRequest): Promise<TransportResponse>;
  stats(): TransportStats;
  /** Stops serving and subscribing, then disconnects. Idempotent. */
  close(): Promise<void>;
}
