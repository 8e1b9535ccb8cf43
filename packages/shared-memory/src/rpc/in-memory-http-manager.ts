import type { RpcRequest } from '@mvent/core';
import { MemoryEventBus } from '../event-bus/memory-event-bus';
import type { SharedMemoryOptions } from '../interfaces/shared-memory-options.interface';
import { SharedMemoryPool } from '../pool/shared-memory-pool';
import type { MemoryRpcResponse } from './memory-rpc-client';
import { MemoryRpcClient } from './memory-rpc-client';
import { MemoryRpcServer } from './memory-rpc-server';

/**
 * Python mvent's InMemoryHTTPManager, but across processes: routes served by this process
 * can be called from any process attached to the same pool, and `sendRequest` reaches
 * whichever process serves the path.
 *
 * @example
 * ```ts
 * const http = new InMemoryHTTPManager('api');
 * http.route('/users/{id}', request => ({ id: request.params.id }));
 * const { statusCode, body } = await http.sendRequest('/users/7', { method: 'GET' });
 * ```
 * @publicApi
 */
export class InMemoryHTTPManager {
  readonly pool: SharedMemoryPool;
  readonly bus: MemoryEventBus;
  readonly server: MemoryRpcServer;
  readonly client: MemoryRpcClient;
  private readonly ownsPool: boolean;
  private listening: Promise<void> | undefined;

  /** @param pool a pool to use, or the name of one to open (`options` then apply) */
  constructor(
    pool: SharedMemoryPool | string = 'mvent_http',
    options: Omit<SharedMemoryOptions, 'name'> = {},
  ) {
    this.ownsPool = typeof pool === 'string';
    this.pool =
      typeof pool === 'string'
        ? new SharedMemoryPool({ ...options, name: pool })
        : pool;
    this.bus = new MemoryEventBus(this.pool);
    this.server = new MemoryRpcServer(this.bus);
    this.client = new MemoryRpcClient(this.bus);
  }

  /** Serves `path` (`/users/{id}`) with `handler`, from now on, to every process. */
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

  /** Calls `path` in whichever process serves it. */
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
      timeout?: number;
    } = {},
  ): Promise<MemoryRpcResponse<T>> {
    await this.listening;
    return this.client.send<T>(path, { method, body: data, headers, timeout });
  }

  /** Every route served by a live process. */
  getRoutes(): { path: string; pids: number[] }[] {
    return this.client.getRoutes();
  }

  /** Stops serving and closes the bus (and the pool, if it opened it). */
  async close(): Promise<void> {
    this.client.close();
    await this.server.close();
    await this.bus.close();
    if (this.ownsPool) await this.pool.close();
  }
}
