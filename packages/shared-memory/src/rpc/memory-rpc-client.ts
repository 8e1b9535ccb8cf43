import { randomUUID } from 'node:crypto';
import { Observable } from 'rxjs';
import type {
  EventSubscription,
  MemoryEventBus,
} from '../event-bus/memory-event-bus';
import {
  MemoryRpcServerGoneError,
  MemoryRpcStreamError,
  MemoryRpcTimeoutError,
} from '../errors/rpc.errors';
import { isAlive } from '../messaging/channel-name.util';
import type { RequestFrame, ResponseFrame } from './rpc-frames';
import { requestEvent, responseEvent } from './rpc-frames';
import { ChunkRelay } from './chunk-relay';
import { RpcRouteRegistry } from './rpc-route-registry';

/**
 * Options of {@link MemoryRpcClient.send}.
 *
 * @publicApi
 */
export interface MemoryRpcSendOptions {
  /** @default 'GET' */
  method?: string;
  /** Any structured value (objects, arrays, Buffers, Dates…); DTO routes validate it as JSON. */
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

interface Pending {
  path: string;
  server: number;
  timeoutMs: number;
  timer: NodeJS.Timeout;
  resolve: (response: MemoryRpcResponse) => void;
  reject: (error: Error) => void;
  stream?: ChunkRelay;
}

/** How often pending requests check that their server is still alive. */
const LIVENESS_CHECK_MS = 100;

/**
 * Calls routes served over shared memory by any process attached to the pool. The client
 * picks one live serving process per request (round robin), so each request is handled
 * exactly once; a route nobody serves answers 404, a server that dies mid-request gives a
 * {@link MemoryRpcServerGoneError}, and a silent one a {@link MemoryRpcTimeoutError}.
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
  private readonly turns = new Map<string, number>();
  private subscription: EventSubscription | undefined;
  private liveness: NodeJS.Timeout | undefined;

  constructor(
    private readonly bus: MemoryEventBus,
    /** The identity `@Sender()` sees. @default `pid-<pid>` */
    private readonly sender = `pid-${process.pid}`,
  ) {
    this.registry = new RpcRouteRegistry(bus.pool);
  }

  /** Every route served by a live process, with the pids serving it. */
  getRoutes(): { path: string; pids: number[] }[] {
    return this.registry.routes();
  }

  /**
   * Sends a request and resolves with its response; for a streaming route, as soon as the
   * stream starts.
   *
   * @throws (rejects) MemoryRpcTimeoutError, MemoryRpcServerGoneError
   */
  async send<T = unknown>(
    path: string,
    options: MemoryRpcSendOptions = {},
  ): Promise<MemoryRpcResponse<T>> {
    await this.bus.ready;
    const servers = this.registry.lookup(path);
    if (servers.length === 0) {
      const [route] = path.split('?');
      return {
        statusCode: 404,
        headers: {},
        body: {
          statusCode: 404,
          message: `No route ${route}`,
          error: 'Not Found',
        } as T,
        servedBy: 0,
      };
    }
    const turn = this.turns.get(path) ?? 0;
    this.turns.set(path, turn + 1);
    const server = servers[turn % servers.length];
    this.listen();
    const frame: RequestFrame = {
      id: randomUUID(),
      path,
      method: (options.method ?? 'GET').toUpperCase(),
      headers: options.headers ?? {},
      query: parseQuery(path),
      body: options.body,
      from: process.pid,
      sender: this.sender,
    };
    const timeoutMs = options.timeout ?? 30_000;
    const response = new Promise<MemoryRpcResponse>((resolve, reject) => {
      this.pending.set(frame.id, {
        path,
        server,
        timeoutMs,
        timer: this.timeout(frame.id, timeoutMs),
        resolve,
        reject,
      });
    });
    this.bus
      .publish(requestEvent(server), frame)
      .catch((error: Error) => this.fail(frame.id, error));
    return response as Promise<MemoryRpcResponse<T>>;
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

  /** Stops listening; pending requests fail with a timeout. */
  close(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    clearInterval(this.liveness);
    this.liveness = undefined;
    for (const id of [...this.pending.keys()]) {
      const pending = this.pending.get(id)!;
      this.fail(id, new MemoryRpcTimeoutError(pending.path, 0));
    }
  }

  /** Stops listening when the application shuts down. */
  onApplicationShutdown(): void {
    this.close();
  }

  private listen(): void {
    this.subscription ??= this.bus.on<ResponseFrame>(
      responseEvent(process.pid),
      frame => this.onFrame(frame),
      { name: 'memory-rpc client' },
    );
    this.liveness ??= setInterval(() => this.checkServers(), LIVENESS_CHECK_MS);
  }

  private onFrame(frame: ResponseFrame): void {
    const pending = this.pending.get(frame.id);
    if (!pending) return;
    clearTimeout(pending.timer);
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
        pending.stream?.error(
          new MemoryRpcStreamError(pending.path, frame.statusCode, frame.body),
        );
        return;
    }
    pending.timer = this.timeout(frame.id, pending.timeoutMs);
  }

  private timeout(id: string, ms: number): NodeJS.Timeout {
    return setTimeout(() => {
      const pending = this.pending.get(id);
      if (pending) this.fail(id, new MemoryRpcTimeoutError(pending.path, ms));
    }, ms);
  }

  private checkServers(): void {
    for (const [id, pending] of this.pending) {
      if (!isAlive(pending.server)) {
        this.fail(
          id,
          new MemoryRpcServerGoneError(pending.path, pending.server),
        );
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
    const pending = this.pending.get(id);
    if (pending) clearTimeout(pending.timer);
    this.pending.delete(id);
    if (this.pending.size === 0) {
      clearInterval(this.liveness);
      this.liveness = undefined;
    }
  }
}

function parseQuery(path: string): Record<string, string> {
  const query = path.split('?')[1];
  return query ? Object.fromEntries(new URLSearchParams(query)) : {};
}
