import type { OnApplicationBootstrap, OnModuleInit } from '@mvent/core';
import {
  discoverRoutes,
  DiscoveryService,
  Inject,
  Injectable,
  PipelineFactory,
  ServerRegistry,
} from '@mvent/core';
import { SHARED_MEMORY_OPTIONS } from '../constants';
import type { SharedMemoryOptions } from '../interfaces/shared-memory-options.interface';
import { MemoryRpcServer } from './memory-rpc-server';

/** The transport name routes use in `@OnRequest(path, { transports: ['memory'] })`. */
export const MEMORY_TRANSPORT = 'memory';

/**
 * Serves `@OnRequest` routes over shared memory: with the module's `rpc: true`, every route
 * that does not name its transports; in any case, routes that name `memory`. The server is
 * registered so that `app.listen()` starts it and `app.close()` stops it.
 */
@Injectable()
export class MemoryRpcLoader implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly server: MemoryRpcServer,
    private readonly servers: ServerRegistry,
    private readonly pipelines: PipelineFactory,
    @Inject(SHARED_MEMORY_OPTIONS)
    private readonly options: SharedMemoryOptions,
  ) {}

  onModuleInit(): void {
    const routes = discoverRoutes(
      this.discovery,
      MEMORY_TRANSPORT,
      this.pipelines,
      { timeout: this.options.handlerTimeout },
    );
    for (const route of routes) {
      if (
        this.options.rpc === true ||
        route.options.transports?.includes(MEMORY_TRANSPORT)
      ) {
        this.server.addRoute(route.path, route.invoke, route.name);
      }
    }
  }

  onApplicationBootstrap(): void {
    if (this.server.getLocalRoutes().length > 0) {
      this.servers.register(this.server);
    }
  }
}
