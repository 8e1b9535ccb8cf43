import { randomUUID } from 'node:crypto';
import { Observable } from 'rxjs';
import { SPIN_WINDOW_MS } from '../constants';
import type { MemoryEventBus } from '../event-bus/memory-event-bus';
import {
  MemoryRpcNotListeningError,
  MemoryRpcServerGoneError,
  MemoryRpcStreamError,
  MemoryRpcTimeoutError,
} from '../errors/rpc.errors';
import { UnsupportedValueError } from '../errors/unsupported-value.error';
import { isAlive } from '../messaging/channel-name.util';
import { ChunkRelay } from './chunk-relay';
import { Deadlines } from './deadlines';
import { FrameSocket } from './frame-socket';
import type { RequestFrame, ResponseFrame } from './rpc-frames';
import { bodyBytes, notFound, rpcSocketPath } from './rpc-frames';
import type { MemoryRpcServer } from './memory-rpc-server';
import { RpcRouteRegistry } from './rpc-route-registry';

/**
 * Options of {@link MemoryRpcClient.send}.
 *
 * @publicApi
 */
export interface MemoryRpcSendOptions {
  /** @default 'GET' */
  method?: string;
  /**
   * Bytes as they are, text as UTF-8, or any other value as JSON, which is how the route
   * reads it (`request.json()`; DTO routes validate it).
   */
  body?: unknown;
  headers?: Record<string, string>;
  /** How long to wait for the response (or, for a stream, for each frame), in ms. @default 30000 */
  timeout?: number;
}

/**
 * A response over shared memory. For a streaming route, `stream` emits the chunks and
 * completes (or errors), and `body` is `undefined`.
 *
 * @publicApi
 */
export interface MemoryRpcResponse<T = unknown> {
  statusCode: number;
  headers: Record<string, string>;
  body: T;
  stream?: Observable<unknown>;
  /** The pid of the process that answered (`0` when no process serves the route). */
  servedBy: number;
}

/**
 * Options of the {@link MemoryRpcClient}.
 *
 * @publicApi
 */
export interface MemoryRpcClientOptions {
  /** The identity `@Sender()` sees. @default `pid-<pid>` */
  sender?: string;
  /**
   * Send frames through a ring in shared memory (`/dev/shm`) when the native addon is built
   * and the server accepts; else over the Unix socket alone. @default true
   */
  sharedRing?: boolean;
  /**
   * This process's server, so that calling one of its routes before it listens fails with
   * {@link MemoryRpcNotListeningError} instead of a 404. `SharedMemoryModule` sets it.
   */
  localServer?: MemoryRpcServer;
}

interface Pending {
  path: string;
  server: number;
  timeoutMs: number;
  resolve: (response: MemoryRpcResponse) => void;
  reject: (error: Error) => void;
  stream?: ChunkRelay;
}

/**
 * Calls routes served by any process attached to the pool. The client finds the serving
 * processes in the pool and picks one per request (round robin), so each request is handled
 * exactly once. Requests and responses go over one Unix socket per serving process; a route
 * nobody serves answers 404, a server that dies mid-request gives a
 * {@link MemoryRpcServerGoneError} as soon as its socket closes, and a silent one a
 * {@link MemoryRpcTimeoutError}.
 *
 * @example
 * ```ts
 * const response = await client.send('/math/add', { method: 'POST', body: { a: 2, b: 40 } });
 * client.stream('/ticks').subscribe(tick => console.log(tick));
 * ```
 * @publicApi
 */
export class MemoryRpcClient {
  private readonly registry: RpcRouteRegistry;
  private readonly pending = new Map<string, Pending>();
  private readonly deadlines = new Deadlines<string>(id => this.timedOut(id));
  private sent = 0; // picks the server of each request in turn
  // Ids only have to be unique among this client's requests; the prefix tells clients apart in logs.
  private readonly idPrefix = `${randomUUID().slice(0, 8)}-`;
  private nextId = 0;
  private readonly connections = new Map<
    number,
    FrameSocket<ResponseFrame, RequestFrame>
  >();

  private readonly sender: string;
  private readonly sharedRing: boolean;
  private readonly localServer: MemoryRpcServer | undefined;

  constructor(
    private readonly bus: MemoryEventBus,
    options: MemoryRpcClientOptions = {},
  ) {
    this.registry = new RpcRouteRegistry(bus.pool);
    this.sender = options.sender ?? `pid-${process.pid}`;
    this.sharedRing = options.sharedRing ?? true;
    this.localServer = options.localServer;
  }

  /** Every route served by a live process, with the pids serving it. */
  getRoutes(): { path: string; pids: number[] }[] {
    return this.registry.routes();
  }

  /**
   * Sends a request and resolves with its response; for a streaming route, as soon as the
   * stream starts.
   *
   * @throws (rejects) MemoryRpcTimeoutError, MemoryRpcServerGoneError,
   *   UnsupportedValueError (a body with no JSON form), ValueTooLargeError
   */
  send<T = unknown>(
    path: string,
    options: MemoryRpcSendOptions = {},
  ): Promise<MemoryRpcResponse<T>> {
    // Not `async`: adopting the response promise would cost the caller extra turns.
    try {
      return this.request<T>(path, options);
    } catch (error) {
      return Promise.reject(
        error instanceof Error ? error : new Error(String(error)),
      ); // e.g. PoolClosedError from the route lookup
    }
  }

  /** The chunks of a streaming route (a plain response becomes one chunk, its body). */
  stream<T = unknown>(
    path: string,
    options: MemoryRpcSendOptions = {},
  ): Observable<T> {
    return new Observable<T>(subscriber => {
      let inner: { unsubscribe(): void } | undefined;
      this.send(path, options).then(
        response => {
          if (response.stream) {
            inner = response.stream.subscribe(subscriber as never);
          } else if (response.statusCode >= 400) {
            subscriber.error(
              new MemoryRpcStreamError(
                path,
                response.statusCode,
                response.body,
              ),
            );
          } else {
            subscriber.next(response.body as T);
            subscriber.complete();
          }
        },
        (error: Error) => subscriber.error(error),
      );
      return () => inner?.unsubscribe();
    });
  }

  /** Disconnects from the servers; pending requests fail with a timeout. */
  close(): void {
    for (const id of [...this.pending.keys()]) {
      const pending = this.pending.get(id)!;
      this.fail(id, new MemoryRpcTimeoutError(pending.path, 0));
    }
    this.deadlines.clear();
    for (const connection of this.connections.values()) {
      connection.socket.destroy();
    }
    this.connections.clear();
  }

  /** Stops listening when the application shuts down. */
  onApplicationShutdown(): void {
    this.close();
  }

  private request<T>(
    path: string,
    options: MemoryRpcSendOptions,
  ): Promise<MemoryRpcResponse<T>> {
    const servers = this.serversOf(path);
    if (servers.length === 0) {
      const [route] = path.split('?');
      if (this.localServer?.servesButIsNotListening(route)) {
        return Promise.reject(new MemoryRpcNotListeningError(route));
      }
      const { statusCode, headers, body } = notFound(route);
      return Promise.resolve({
        statusCode,
        headers,
        body: body as T,
        servedBy: 0,
      });
    }
    const server = servers[this.sent++ % servers.length];
    const frame: RequestFrame = {
      id: this.idPrefix + (this.nextId++).toString(36),
      path,
      method: (options.method ?? 'GET').toUpperCase(),
      headers: options.headers ?? {},
      query: parseQuery(path),
      body: requestBody(path, options.body),
      sender: this.sender,
    };
    const timeoutMs = options.timeout ?? 30_000;
    const response = new Promise<MemoryRpcResponse>((resolve, reject) => {
      this.pending.set(frame.id, {
        path,
        server,
        timeoutMs,
        resolve,
        reject,
      });
    });
    this.deadlines.set(frame.id, timeoutMs);
    try {
      this.connectionTo(server).send(frame, `the request to ${path}`);
    } catch (error) {
      this.fail(frame.id, error as Error); // too large, or not data: nothing was sent
    }
    return response as Promise<MemoryRpcResponse<T>>;
  }

  /**
   * The live processes serving `path`. A route table read a moment ago is reused while this
   * client is connected to every server it lists (a server that stops closes its sockets).
   */
  private serversOf(path: string): number[] {
    return this.registry
      .lookup(path, this.connectedToAll)
      .filter(pid => this.isServing(pid));
  }

  private readonly connectedToAll = (pids: readonly number[]): boolean =>
    pids.every(pid => this.connections.has(pid));

  /** A connected server is alive: its socket would have closed otherwise. */
  private isServing(pid: number): boolean {
    return this.connections.has(pid) || isAlive(pid);
  }

  /** The connection to `pid`'s socket, opened on first use (writes wait for the connect). */
  private connectionTo(pid: number): FrameSocket<ResponseFrame, RequestFrame> {
    let connection = this.connections.get(pid);
    if (!connection) {
      connection = FrameSocket.connect<ResponseFrame, RequestFrame>(
        rpcSocketPath(this.bus.pool.path, pid),
        this.bus.pool.maxValueBytes,
        frame => this.onFrame(frame),
        { sharedRing: this.sharedRing, pollWindowMs: SPIN_WINDOW_MS },
      );
      const socket = connection.socket;
      socket.unref(); // pending requests keep the process alive through their deadlines
      socket.on('error', () => undefined); // 'close' follows and fails the requests
      socket.on('close', () => {
        if (this.connections.get(pid)?.socket === socket) {
          this.connections.delete(pid);
        }
        this.serverGone(pid);
      });
      this.connections.set(pid, connection);
    }
    return connection;
  }

  private onFrame(frame: ResponseFrame): void {
    const pending = this.pending.get(frame.id);
    if (!pending) return;
    switch (frame.kind) {
      case 'response':
        this.settle(frame.id);
        pending.resolve({
          statusCode: frame.statusCode,
          headers: frame.headers,
          body: frame.body,
          servedBy: pending.server,
        });
        return;
      case 'stream-start':
        pending.stream = new ChunkRelay();
        pending.resolve({
          statusCode: 200,
          headers: frame.headers,
          body: undefined,
          stream: pending.stream.asObservable(),
          servedBy: pending.server,
        });
        break;
      case 'chunks':
        for (const chunk of frame.chunks) pending.stream?.next(chunk);
        break;
      case 'end':
        this.settle(frame.id);
        pending.stream?.complete();
        return;
      case 'error':
        this.settle(frame.id);
        if (pending.stream) {
          pending.stream.error(
            new MemoryRpcStreamError(
              pending.path,
              frame.statusCode,
              frame.body,
            ),
          );
        } else {
          pending.resolve({
            statusCode: frame.statusCode,
            headers: {},
            body: frame.body,
            servedBy: pending.server,
          });
        }
        return;
    }
    this.deadlines.set(frame.id, pending.timeoutMs); // a stream's next frame is due
  }

  private timedOut(id: string): void {
    const pending = this.pending.get(id);
    if (pending) {
      this.fail(id, new MemoryRpcTimeoutError(pending.path, pending.timeoutMs));
    }
  }

  private serverGone(pid: number): void {
    for (const [id, pending] of [...this.pending]) {
      if (pending.server === pid) {
        this.fail(id, new MemoryRpcServerGoneError(pending.path, pid));
      }
    }
  }

  private fail(id: string, error: Error): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.settle(id);
    if (pending.stream) pending.stream.error(error);
    else pending.reject(error);
  }

  private settle(id: string): void {
    this.deadlines.delete(id);
    this.pending.delete(id);
  }
}

function requestBody(path: string, body: unknown): Buffer | null {
  try {
    return bodyBytes(body);
  } catch (error) {
    throw new UnsupportedValueError(
      `the body of the request to ${path}`,
      (error as Error).message,
      error,
    );
  }
}

function parseQuery(path: string): Record<string, string> {
  const start = path.indexOf('?');
  return start < 0
    ? {}
    : Object.fromEntries(new URLSearchParams(path.slice(start + 1)));
}
