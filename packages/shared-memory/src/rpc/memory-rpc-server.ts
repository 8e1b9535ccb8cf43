import type { LoggerService, PeerCredentials, RouteInvoker } from '@mvent/core';
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
import { dirname } from 'node:path';
import { SPIN_WINDOW_MS } from '../constants';
import type { MemoryEventBus } from '../event-bus/memory-event-bus';
import {
  removeSocketFile,
  removeSocketsOfDeadProcesses,
  restrictToOwner,
} from '../messaging/socket-path.util';
import { PoolClosedError } from '../errors/pool-closed.error';
import { ValueTooLargeError } from '../errors/value-too-large.error';
import { peerCredentialsOf } from './peer-credentials.util';
import { FrameSocket } from './frame-socket';
import type { RequestFrame, ResponseFrame } from './rpc-frames';
import {
  bodyBytes,
  internalError,
  isRequestFrame,
  notFound,
  rpcSocketPath,
} from './rpc-frames';
import { RpcRouteRegistry } from './rpc-route-registry';
import type { Reply, RequestInProgress } from './requests-in-progress';
import { RequestsInProgress } from './requests-in-progress';
import { ResponseStreamer } from './response-streamer';
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
  /**
   * How long `close()` waits for requests and streams in progress, in ms. Then streams end with
   * a 503 error and requests still running are answered 503; their late results are dropped.
   * @default 2000
   */
  closeGraceMs?: number;
}

const DEFAULT_CLOSE_GRACE_MS = 2000;
/** How often a serving process checks that the route table still lists it. */
const ROUTE_RECHECK_MS = 1000;
const SHUTTING_DOWN = 'The server is shutting down';

interface LocalRoute {
  invoke: RouteInvoker;
  name: string;
}

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
  private readonly inProgress = new RequestsInProgress();
  private readonly connections = new Set<Socket>();
  private listener: SocketServer | undefined;
  private socketPath: string | undefined;
  private recheck: NodeJS.Timeout | undefined;

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

  /** Whether `path` is one of this server's routes while it is not listening. */
  servesButIsNotListening(path: string): boolean {
    return !this.listener && this.routes.matchPath(path) !== undefined;
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
    removeSocketsOfDeadProcesses(dirname(socketPath));
    removeSocketFile(socketPath);
    const listener = createServer(socket => this.accept(socket));
    this.listener = listener;
    this.socketPath = socketPath;
    await new Promise<void>((resolve, reject) => {
      listener.once('error', reject);
      listener.listen(socketPath, resolve);
    });
    restrictToOwner(socketPath);
    this.registry.register(this.getLocalRoutes());
    this.recheck = setInterval(() => this.reassertRoutes(), ROUTE_RECHECK_MS);
    this.recheck.unref();
  }

  /**
   * Withdraws the routes, waits for the requests and streams in progress (up to
   * `closeGraceMs`), ends the rest with a 503, then disconnects the callers. A handler that
   * never returns does not hold it up.
   */
  async close(): Promise<void> {
    const listener = this.listener;
    if (!listener) return;
    this.listener = undefined;
    clearInterval(this.recheck);
    try {
      this.registry.unregister();
    } catch {
      // the pool is already closed: the registry skips dead processes anyway
    }
    const closed = new Promise(resolve => listener.close(resolve));
    const grace = this.options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS;
    if (!(await this.inProgress.idleWithin(grace))) {
      this.inProgress.cutShortAll(SHUTTING_DOWN);
      await this.inProgress.idleWithin(grace); // streams end at their next chunk or at once
    }
    for (const socket of this.connections) socket.destroy();
    await closed;
    removeSocketFile(this.socketPath!);
  }

  /**
   * Lists this process's routes again if the table lost them (an entry tampered with, or
   * replaced because it could not be read), so callers find it again within a second.
   */
  private reassertRoutes(): void {
    try {
      const paths = this.getLocalRoutes();
      if (!this.registry.lists(paths)) this.registry.register(paths);
    } catch (error) {
      if (error instanceof PoolClosedError) {
        clearInterval(this.recheck); // the pool closed before this server: nothing to check
        return;
      }
      this.logger.warn(
        `Could not check this process's routes: ${String(error)}`,
      );
    }
  }

  private accept(socket: Socket): void {
    socket.unref(); // the listener keeps the process alive, not its callers
    this.connections.add(socket);
    socket.on('close', () => this.connections.delete(socket));
    socket.on('error', () => undefined); // a caller that went away
    const peer = peerCredentialsOf(socket);
    const connection: Connection = new FrameSocket(
      socket,
      this.bus.pool.maxValueBytes,
      frame => this.receive(frame, connection, peer),
      SPIN_WINDOW_MS,
    );
  }

  private receive(
    frame: unknown,
    connection: Connection,
    peer: PeerCredentials | undefined,
  ): void {
    if (!isRequestFrame(frame)) {
      this.logger.warn('Dropped a malformed memory-RPC request frame.');
      return;
    }
    const request = this.inProgress.start(response =>
      this.reply(connection, { ...response, id: frame.id }, frame.path),
    );
    void this.serve(frame, connection, peer, request).then(() =>
      this.inProgress.end(request),
    );
  }

  private async serve(
    frame: RequestFrame,
    connection: Connection,
    peer: PeerCredentials | undefined,
    progress: RequestInProgress,
  ): Promise<void> {
    const reply = progress.reply;
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
        peer,
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
      progress.streamer = new ResponseStreamer(frame.id, {
        send: reply,
        drained: () => connection.drained(),
        gone: () => connection.socket.destroyed,
        failure: error => this.failure(error, match.handler.name),
      });
      await progress.streamer.run(stream);
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

  private failure(error: unknown, name: string) {
    if (error instanceof ValueTooLargeError) {
      // A chunk or a body too large for a frame: say so, whatever `debug` is.
      return internalError(error.message);
    }
    const outcome = outcomeOfError(error, name, this.options.debug ?? false);
    if (outcome.statusCode >= 500) {
      this.logger.error(
        `${name} failed: ${(error as Error)?.stack ?? String(error)}`,
      );
    }
    return outcome;
  }
}
