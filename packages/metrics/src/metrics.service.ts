import { createServer } from 'node:http';
import { HOST_REFUSED_TEXT, isAllowedHost } from './host-check';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
} from '@mvent/core';
import type { MventTransport } from '@mvent/core';
import {
  Inject,
  Injectable,
  Logger,
  ModuleRef,
  MVENT_TRANSPORT,
  UnknownElementError,
} from '@mvent/core';
import { MemoryEventBus } from '@mvent/shared-memory';
import { SyftEvents } from '@mvent/syft-events';
import { METRICS_OPTIONS } from './metrics.constants';
import type { MetricsModuleOptions } from './metrics-module-options.interface';
import { MventMetrics } from './mvent-metrics';

/**
 * The metrics of the application's pool (and SyftBox app, if it serves one), and the HTTP
 * endpoint that serves them. Counts every RPC call of every transport into the pool's shared
 * statistics, so that any process's `/metrics` covers the whole pool.
 *
 * @publicApi
 */
@Injectable()
export class MetricsService
  implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('MetricsModule');
  private current: MventMetrics | undefined;
  private server: Server | undefined;

  constructor(
    private readonly moduleRef: ModuleRef,
    @Inject(METRICS_OPTIONS) private readonly options: MetricsModuleOptions,
  ) {}

  /** The metrics (available once the module is initialised). */
  get metrics(): MventMetrics {
    if (!this.current) {
      throw new Error(
        'MetricsService is used before the application is initialised',
      );
    }
    return this.current;
  }

  /** Where `/metrics` is served, once the application has started. */
  get address(): { host: string; port: number } | undefined {
    const address = this.server?.address() as AddressInfo | null | undefined;
    return address ? { host: address.address, port: address.port } : undefined;
  }

  /** @throws Error when no SharedMemoryModule is imported: the metrics are the pool's */
  onModuleInit(): void {
    const bus = this.find(MemoryEventBus);
    if (!bus) {
      throw new Error(
        'MetricsModule needs SharedMemoryModule.forRoot() in the application: the metrics are those of its pool',
      );
    }
    // RPC calls reach the pool's statistics through SharedMemoryModule's RpcCallRecorder.
    this.current = new MventMetrics(
      bus,
      this.find(SyftEvents),
      this.find<MventTransport>(MVENT_TRANSPORT),
    );
  }

  /** Starts the HTTP endpoint, unless `port` is `false`. */
  async onApplicationBootstrap(): Promise<void> {
    const { port = 9464, host = '127.0.0.1', path = '/metrics' } = this.options;
    if (port === false) return;
    const server = createServer((request, response) => {
      if (!isAllowedHost(request.headers.host, this.options.allowedHosts)) {
        response.writeHead(403).end(HOST_REFUSED_TEXT);
        return;
      }
      if (request.method !== 'GET' || request.url?.split('?')[0] !== path) {
        response.writeHead(404).end(`Not found: metrics are at ${path}\n`);
        return;
      }
      this.metrics.metrics().then(
        text =>
          response
            .writeHead(200, { 'Content-Type': this.metrics.contentType })
            .end(text),
        (error: Error) => response.writeHead(500).end(`${error.message}\n`),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    const { port: bound } = this.address!;
    this.logger.log(`Metrics at http://${host}:${bound}${path}`);
  }

  /** Stops the endpoint. */
  async onApplicationShutdown(): Promise<void> {
    this.current?.close();
    const server = this.server;
    this.server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    }
  }

  private find<T>(
    token: (abstract new (...args: never[]) => T) | symbol | string,
  ): T | undefined {
    try {
      return this.moduleRef.get<T>(token as never);
    } catch (error) {
      if (error instanceof UnknownElementError) return undefined;
      throw error;
    }
  }
}
