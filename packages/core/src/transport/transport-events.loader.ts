import type {
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
} from '../interfaces/hooks';
import { Inject } from '../decorators/inject.decorator';
import { Injectable } from '../decorators/injectable.decorator';
import { DiscoveryService } from '../discovery/discovery.service';
import { discoverEventHandlers } from '../events/event-handler-discovery';
import { Logger } from '../logger/logger';
import { PipelineFactory } from '../pipeline/pipeline-factory';
import { discoverRoutes } from '../rpc/route-discovery';
import { ServerRegistry } from '../server/server-registry';
import {
  MVENT_EVENTS_OPTIONS,
  MVENT_TRANSPORT,
} from './mvent-events.constants';
import type { MventEventsModuleOptions } from './mvent-events-options.interface';
import type {
  MventTransport,
  TransportEnvelope,
  TransportSubscription,
} from './transport.interface';
import { TransportServer } from './transport-server';

/**
 * Runs the application's handlers on its transport: connects at module init (so an
 * unreachable server fails `MventFactory.create()` with a clear error), subscribes every
 * `@OnEvent` at bootstrap, registers the `@OnRequest` routes as a server for `app.listen()`,
 * and closes the subscriptions, then the transport, at shutdown.
 */
@Injectable()
export class TransportEventsLoader
  implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('MventEvents');
  private readonly subscriptions: TransportSubscription[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly pipelines: PipelineFactory,
    private readonly servers: ServerRegistry,
    @Inject(MVENT_TRANSPORT) private readonly transport: MventTransport,
    @Inject(MVENT_EVENTS_OPTIONS)
    private readonly options: MventEventsModuleOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.transport.connect();
    const name = this.transport.name;
    // discoverRoutes keeps the routes that name this transport and those that name none;
    // the latter are served unless `rpc: false`.
    const routes = discoverRoutes(this.discovery, name, this.pipelines, {
      timeout: this.options.handlerTimeout,
    }).filter(
      route =>
        route.options.transports !== undefined || this.options.rpc !== false,
    );
    if (routes.length > 0) {
      this.servers.register(new TransportServer(this.transport, routes));
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    const handlers = discoverEventHandlers(this.discovery, this.pipelines, {
      transport: this.transport.name,
      timeout: this.options.handlerTimeout,
      onSkipped: (reason, handler, error, envelope) => {
        const { event, seq } = envelope as TransportEnvelope;
        this.logger.warn(
          `${handler} skipped "${event}" #${seq} (${reason === 'invalid' ? 'invalid payload' : 'refused'}): ${error.message}`,
        );
      },
    });
    for (const { pattern, options, name, handle } of handlers) {
      this.subscriptions.push(
        await this.transport.subscribe(pattern, handle, { ...options, name }),
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.subscriptions.splice(0).map(sub => sub.close()));
    await this.transport.close();
  }
}
