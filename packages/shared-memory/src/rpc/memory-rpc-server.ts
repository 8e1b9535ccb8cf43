import type { LoggerService, RouteInvoker } from '@mvent/core';
import {
  Logger,
  outcomeOfError,
  outcomeOfResult,
  RoutePath,
  RouteTable,
  RpcRequest,
  Server,
} from '@mvent/core';

import type {
  EventSubscription,
  MemoryEventBus,
} from '../event-bus/memory-event-bus';
import type { RequestFrame, ResponseFrame } from './rpc-frames';
import { requestEvent, responseEvent } from './rpc-frames';
import { RpcRouteRegistry } from './rpc-route-registry';
import { toAsyncIterable } from './stream.util';

/**
 * Options of the {@link MemoryRpcServer}.
 *
 * @publicApi
 */
export interface MemoryRpcServerOptions {
  /** Answer handler errors with a JSON report (type, message, function, stack). @default false */
  debug?: boolean;
  logger?: LoggerService;
}

/** Chunks sent in one frame at most. */
const MAX_CHUNKS_PER_FRAME = 1024;

interface LocalRoute {
  invoke: RouteInvoker;
  name: string;
}

/**
 * Serves `@OnRequest` routes to every process attached to the pool (Python mvent's
 * InMemoryHTTPManager, across processes). Each request is addressed by the caller to one
 * serving process, so a request is handled exactly once however many processes serve the
 * route. A handler that returns an Observable or an async iterable streams its chunks.
 *
 * @publicApi
 */
export class MemoryRpcServer extends Server {
  readonly transportId = 'memory-rpc';
  private readonly routes = new RouteTable<LocalRoute>();
  private readonly registry: RpcRouteRegistry;
  private readonly logger: LoggerService;
  private readonly inFlight = new Set<Promise<void>>();
  private subscription: EventSubscription | undefined;

  constructor(
    private readonly bus: MemoryEventBus,
    private readonly options: MemoryRpcServerOptions = {},
  ) {
    super();
    this.registry = new RpcRouteRegistry(bus.pool);
    this.logger = options.logger ?? new Logger('MemoryRpcServer');
  }

  /** The route paths this process serves. */
  getLocalRoutes(): string[] {
    return this.routes.entries().map(({ path }) => path.toString());
  }

  /**
   * Serves `path` with `invoke`. Routes added while listening are published at once.
   *
   * @throws InvalidRouteError when the path is already served here
   */
  addRoute(
    path: RoutePath | string,
    invoke: RouteInvoker,
    name = String(path),
  ): this {
    const parsed = typeof path === 'string' ? RoutePath.parse(path) : path;
    this.routes.add(parsed, { invoke, name }, name);
    if (this.subscription) this.registry.register([parsed.toString()]);
    return this;
  }

  /** Starts receiving requests and publishes this process's routes. */
  async listen(): Promise<void> {
    if (this.subscription) return;
    await this.bus.ready;
    this.subscription = this.bus.on<RequestFrame>(
      requestEvent(process.pid),
      frame => void this.track(this.serve(frame)),
      { name: 'memory-rpc server' },
    );
    this.registry.register(this.getLocalRoutes());
  }

  /** Withdraws the routes and waits for the requests in progress. */
  async close(): Promise<void> {
    if (!this.subscription) return;
    this.subscription.unsubscribe();
    this.subscription = undefined;
    try {
      this.registry.unregister();
    } catch {
      // the pool is already closed: the registry skips dead processes anyway
    }
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async serve(frame: RequestFrame): Promise<void> {
    const reply = (response: ResponseFrame) =>
      this.bus.publish(responseEvent(frame.from), response);
    try {
      const [pathOnly] = frame.path.split('?');
      const match = this.routes.match(RoutePath.segmentsOf(pathOnly));
      if (!match) {
        const body = {
          statusCode: 404,
          message: `No route ${pathOnly}`,
          error: 'Not Found',
        };
        await reply({
          id: frame.id,
          kind: 'response',
          statusCode: 404,
          headers: {},
          body,
        });
        return;
      }
      const request = new RpcRequest({
        id: frame.id,
        sender: frame.sender,
        url: frame.path,
        method: frame.method,
        path: pathOnly,
        headers: frame.headers,
        query: frame.query,
        params: match.params,
        body: toBodyBytes(frame.body),
      });
      let result: unknown;
      try {
        result = await match.handler.invoke(request);
      } catch (error) {
        await reply({
          id: frame.id,
          kind: 'response',
          ...this.failure(error, match.handler.name),
        });
        return;
      }
      const stream = toAsyncIterable(result);
      if (!stream) {
        await reply({
          id: frame.id,
          kind: 'response',
          ...outcomeOfResult(result),
        });
        return;
      }
      await reply({ id: frame.id, kind: 'stream-start', headers: {} });
      await this.streamChunks(frame.id, stream, reply, match.handler.name);
    } catch (error) {
      this.logger.error(
        `Request ${frame.id} to ${frame.path} could not be answered: ${String(error)}`,
      );
    }
  }

  /**
   * Sends a stream's chunks in `chunks` frames, as many per frame as arrived in one turn of
   * the event loop (up to {@link MAX_CHUNKS_PER_FRAME}), then `end`, or `error` if it fails.
   */
  private async streamChunks(
    id: string,
    stream: AsyncIterable<unknown> | Iterable<unknown>,
    reply: (frame: ResponseFrame) => Promise<number>,
    name: string,
  ): Promise<void> {
    let pending: unknown[] = [];
    let sent: Promise<unknown> = Promise.resolve();
    let scheduled = false;
    const flush = () => {
      scheduled = false;
      if (pending.length === 0) return;
      const chunks = pending;
      pending = [];
      sent = reply({ id, kind: 'chunks', chunks });
    };
    try {
      for await (const chunk of stream) {
        pending.push(chunk);
        if (pending.length >= MAX_CHUNKS_PER_FRAME) flush();
        else if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      }
      flush();
      await sent;
      await reply({ id, kind: 'end' });
    } catch (error) {
      flush();
      const { statusCode, body } = this.failure(error, name);
      await reply({ id, kind: 'error', statusCode, body });
    }
  }

  private failure(error: unknown, name: string) {
    const outcome = outcomeOfError(error, name, this.options.debug ?? false);
    if (outcome.statusCode >= 500) {
      this.logger.error(
        `${name} failed: ${(error as Error)?.stack ?? String(error)}`,
      );
    }
    return outcome;
  }
}

/** The body as the shared route invoker reads it: bytes as is, text as UTF-8, values as JSON. */
function toBodyBytes(body: unknown): Buffer | null {
  if (body === undefined || body === null) return null;
  if (body instanceof Uint8Array)
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return Buffer.from(JSON.stringify(body), 'utf8');
}
