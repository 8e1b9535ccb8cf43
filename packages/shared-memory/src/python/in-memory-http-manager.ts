import type { RpcRequest } from '@mvent/core';
import type { MemoryEventBus } from '../event-bus/memory-event-bus';
import type { SharedMemoryOptions } from '../interfaces/shared-memory-options.interface';
import type { SharedMemoryPool } from '../pool/shared-memory-pool';
import type { MemoryRpcResponse } from '../rpc/memory-rpc-client';
import { MemoryRpcClient } from '../rpc/memory-rpc-client';
import { MemoryRpcServer } from '../rpc/memory-rpc-server';
import type { PoolSource } from './attached-bus';
import { AttachedBus } from './attached-bus';
import type { Seconds } from './seconds.util';
import { secondsToMs } from './seconds.util';

/**
 * Python mvent's `InMemoryHTTPManager`, but across processes (Python's only calls its own
 * process's handlers): routes served by this process can be called from any process attached
 * to the pool, and `sendRequest` reaches whichever process serves the path. A handler gets an
 * {@link RpcRequest} (`request.json()` is Python's `request["data"]`), and `sendRequest`
 * resolves with a response (`statusCode`, `body`) rather than the bare value.
 *
 * @example
 * ```ts
 * const http = new InMemoryHTTPManager();
 * http.route('/greet', request => ({ greeting: `Hello, ${request.json<{ name: string }>()!.name}!` }));
 * const resp = await http.sendRequest('/greet', { method: 'POST', data: { name: 'Alice' } });
 * console.log(resp.body); // { greeting: 'Hello, Alice!' }
 * ```
 * @publicApi
 */
export class InMemoryHTTPManager {
  readonly pool: SharedMemoryPool;
  readonly bus: MemoryEventBus;
  readonly server: MemoryRpcServer;
  readonly client: MemoryRpcClient;
  private readonly attached: AttachedBus;
  private listening: Promise<void> | undefined;

  /**
   * @param pool an open pool, a pool name or pool options (default the pool `http_pool`)
   * @param options pool options, when `pool` is a name
   */
  constructor(
    pool: PoolSource = 'http_pool',
    options: Omit<SharedMemoryOptions, 'name'> = {},
  ) {
    this.attached = new AttachedBus(
      typeof pool === 'string' ? { ...options, name: pool } : pool,
      'http_pool',
    );
    ({ pool: this.pool, bus: this.bus } = this.attached);
    this.server = new MemoryRpcServer(this.bus);
    this.client = new MemoryRpcClient(this.bus);
  }

  /** Serves `path` (`/users/{id}`, `/api/**`) with `handler`, from now on, to every process. */
  route(path: string, handler: (request: RpcRequest) => unknown): this {
    this.server.addRoute(
      path,
      request => Promise.resolve(handler(request)),
      handler.name || path,
    );
    this.listening ??= this.server.listen();
    return this;
  }

  /** Resolves once this process's routes are published. */
  async ready(): Promise<void> {
    await this.listening;
  }

  /**
   * Calls `path` in whichever process serves it. `timeout` is in **seconds**, as every time
   * of the Python-named classes (or a duration string such as `'500ms'`).
   *
   * @throws InvalidDurationError for a negative or malformed timeout
   */
  async sendRequest<T = unknown>(
    path: string,
    {
      method = 'GET',
      data,
      headers,
      timeout,
    }: {
      method?: string;
      data?: unknown;
      headers?: Record<string, string>;
      timeout?: Seconds;
    } = {},
  ): Promise<MemoryRpcResponse<T>> {
    const timeoutMs = timeout === undefined ? undefined : secondsToMs(timeout);
    await this.listening;
    return this.client.send<T>(path, {
      method,
      body: data,
      headers,
      timeout: timeoutMs,
    });
  }

  /** Every route served by a live process. */
  getRoutes(): { path: string; pids: number[] }[] {
    return this.client.getRoutes();
  }

  /** Stops serving and closes the bus (and the pool, if it opened it). */
  async close(): Promise<void> {
    this.client.close();
    await this.server.close();
    await this.attached.close();
  }
}
