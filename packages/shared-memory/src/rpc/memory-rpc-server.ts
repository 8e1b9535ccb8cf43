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

import type { Server as SocketServer, Socket } from 'node:net';
import { createServer } from 'node:net';
import { SPIN_WINDOW_MS } from '../constants';
import type { MemoryEventBus } from '../event-bus/memory-event-bus';
import { removeSocketFile } from '../messaging/socket-path.util';
import { FrameSocket } from './frame-socket';
import type { RequestFrame, ResponseFrame } from './rpc-frames';
import {
  bodyBytes,
  isRequestFrame,
  notFound,
  rpcSocketPath,
} from './rpc-frames';
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

/** Sends one response frame to the caller of a request. */
type Reply = (frame: ResponseFrame) => void;

/** One caller's connection: requests in, responses out. */
type Connection = FrameSocket<unknown, ResponseFrame>;

/**
 * Serves `@OnRequest` routes to every process attached to the pool (Python mvent's
 * InMemoryHTTPManager, across processes). The routes are listed in the pool, and each
 * request comes straight from its caller over this process's Unix socket (in the pool's
 * owner-only socket directory), so it is handled exactly once however many processes serve
 * the route. A handler that returns an Observable or an async iterable streams its chunks.
 *
 * @publicApi
 */
export class MemoryRpcServer extends Server {
  readonly transportId = 'memory-rpc';
  private readonly routes = new RouteTable<LocalRoute>();
  private readonly registry: RpcRouteRegistry;
  private readonly logger: LoggerService;
  private inFlight = 0;
  private readonly idleWaiters: (() => void)[] = [];
  private readonly connections = new Set<Socket>();
  private listener: SocketServer | undefined;
  private socketPath: string | undefined;

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
    if (this.listener) this.registry.register([parsed.toString()]);
    return this;
  }

  /** Starts receiving requests and publishes this process's routes. */
  async listen(): Promise<void> {
    if (this.listener) return;
    const socketPath = rpcSocketPath(this.bus.pool.path, process.pid);
    removeSocketFile(socketPath);
    const listener = createServer(socket => this.accept(socket));
    this.listener = listener;
    this.socketPath = socketPath;
    await new Promise<void>((resolve, reject) => {
      listener.once('error', reject);
      listener.listen(socketPath, resolve);
    });
    this.registry.register(this.getLocalRoutes());
  }

  /** Withdraws the routes, waits for the requests in progress, then disconnects the callers. */
  async close(): Promise<void> {
    const listener = this.listener;
    if (!listener) return;
    this.listener = undefined;
    try {
      this.registry.unregister();
    } catch {
      // the pool is already closed: the registry skips dead processes anyway
    }
    const closed = new Promise(resolve => listener.close(resolve));
    while (this.inFlight > 0) {
      await new Promise<void>(resolve => this.idleWaiters.push(resolve));
    }
    for (const socket of this.connections) socket.destroy();
    await closed;
    removeSocketFile(this.socketPath!);
  }

  private accept(socket: Socket): void {
    socket.unref(); // the listener keeps the process alive, not its callers
    this.connections.add(socket);
    socket.on('close', () => this.connections.delete(socket));
    socket.on('error', () => undefined); // a caller that went away
    const connection: Connection = new FrameSocket(
      socket,
      this.bus.pool.maxValueBytes,
      frame => this.receive(frame, connection),
      SPIN_WINDOW_MS,
    );
  }

  private receive(frame: unknown, connection: Connection): void {
    if (!isRequestFrame(frame)) {
      this.logger.warn('Dropped a malformed memory-RPC request frame.');
      return;
    }
    this.inFlight++;
    void this.serve(frame, connection).then(this.served);
  }

  /** Counts a request out (`serve` never rejects) and wakes `close` when none is left. */
  private readonly served = (): void => {
    if (--this.inFlight === 0) {
      for (const wake of this.idleWaiters.splice(0)) wake();
    }
  };

  private async serve(
    frame: RequestFrame,
    connection: Connection,
  ): Promise<void> {
    const reply: Reply = response =>
      this.reply(connection, response, frame.path);
    let streaming = false;
    try {
      const query = frame.path.indexOf('?');
      const pathOnly = query < 0 ? frame.path : frame.path.slice(0, query);
      const match = this.routes.matchPath(pathOnly);
      if (!match) {
        reply({ id: frame.id, kind: 'response', ...notFound(pathOnly) });
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
        body: bodyBytes(frame.body),
      });
      let result: unknown;
      try {
        result = await match.handler.invoke(request);
      } catch (error) {
        reply({
          id: frame.id,
          kind: 'response',
          ...this.failure(error, match.handler.name),
        });
        return;
      }
      const stream = toAsyncIterable(result);
      if (!stream) {
        reply({ id: frame.id, kind: 'response', ...outcomeOfResult(result) });
        return;
      }
      reply({ id: frame.id, kind: 'stream-start', headers: {} });
      streaming = true;
      await this.streamChunks(
        frame.id,
        stream,
        reply,
        connection,
        match.handler.name,
      );
    } catch (error) {
      this.answerUnsendable(frame, reply, error, streaming);
    }
  }

  private reply(
    connection: Connection,
    response: ResponseFrame,
    path: string,
  ): void {
    connection.send(response, `the response to ${path}`);
  }

  /** A response that cannot be sent (too large, not data) becomes a 500 the caller can read. */
  private answerUnsendable(
    frame: RequestFrame,
    reply: Reply,
    error: unknown,
    streaming: boolean,
  ): void {
    this.logger.error(
      `Request ${frame.id} to ${frame.path} could not be answered: ${String(error)}`,
    );
    const statusCode = 500;
    const body = {
      statusCode,
      message: `The response could not be sent: ${(error as Error)?.message ?? String(error)}`,
      error: 'Internal Server Error',
    };
    try {
      reply(
        streaming
          ? { id: frame.id, kind: 'error', statusCode, body }
          : { id: frame.id, kind: 'response', statusCode, headers: {}, body },
      );
    } catch {
      // the caller is gone
    }
  }

  /**
   * Sends a stream's chunks in `chunks` frames, as many per frame as arrived in one turn of
   * the event loop (up to {@link MAX_CHUNKS_PER_FRAME}), then `end`, or `error` if it fails.
   * It waits while the caller reads slowly, and stops the stream if the caller goes away.
   */
  private async streamChunks(
    id: string,
    stream: AsyncIterable<unknown> | Iterable<unknown>,
    reply: Reply,
    connection: Connection,
    name: string,
  ): Promise<void> {
    let pending: unknown[] = [];
    let scheduled = false;
    let unsendable: { error: unknown } | undefined;
    const flush = () => {
      scheduled = false;
      if (pending.length === 0 || unsendable) return;
      const chunks = pending;
      pending = [];
      try {
        reply({ id, kind: 'chunks', chunks });
      } catch (error) {
        unsendable = { error }; // thrown from the loop below, which owns the error path
      }
    };
    try {
      for await (const chunk of stream) {
        if (unsendable) throw unsendable.error;
        if (connection.socket.destroyed) return; // ends the handler's iterator too
        pending.push(chunk);
        if (pending.length >= MAX_CHUNKS_PER_FRAME) {
          flush();
          await connection.drained();
        } else if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      }
      flush();
      if (unsendable) throw unsendable.error;
      reply({ id, kind: 'end' });
    } catch (error) {
      flush();
      const { statusCode, body } = this.failure(error, name);
      reply({ id, kind: 'error', statusCode, body });
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
