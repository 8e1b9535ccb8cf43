import type { OnApplicationBootstrap, OnModuleInit } from '@mvent/core';
import {
  discoverRoutes,
  DiscoveryService,
  Inject,
  Injectable,
  ServerRegistry,
  ValidationPipe,
} from '@mvent/core';
import { SYFT_EVENTS_OPTIONS, WATCH_METADATA } from '../constants';
import type { WatchMetadata } from '../decorators/watch.decorator';
import { DtoSchemaBuilder } from '../schema/rpc-schema';
import { SyftEvents } from '../server/syft-events';
import type { FileEvent } from '../watch/file-event.interface';
import type { SyftEventsModuleOptions } from './syft-events-module-options.interface';

/** The transport name routes use in `@OnRequest(path, { transports: ['syft'] })`. */
export const SYFT_TRANSPORT = 'syft';

/**
 * Binds every `@OnRequest` route served by the `syft` transport, and every `@Watch` method,
 * to the {@link SyftEvents} server at bootstrap, and registers the server so that
 * `app.listen()` starts it and `app.close()` stops it.
 */
@Injectable()
export class SyftEventsLoader implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly events: SyftEvents,
    private readonly servers: ServerRegistry,
    @Inject(SYFT_EVENTS_OPTIONS)
    private readonly options: SyftEventsModuleOptions,
  ) {}

  onModuleInit(): void {
    const pipe = new ValidationPipe(
      this.options.validation ?? { transform: true },
    );
    const schemas = new DtoSchemaBuilder();
    for (const route of discoverRoutes(this.discovery, SYFT_TRANSPORT, pipe)) {
      this.events.addRoute(
        route.path,
        { invoke: route.invoke, name: route.name },
        schemas.routeOf(
          route.parameters,
          route.returns,
          route.options.description,
        ),
      );
    }
    for (const method of this.discovery.getMethodsWithMetadata<WatchMetadata[]>(
      WATCH_METADATA,
    )) {
      const name = `${method.instance.constructor.name}.${method.methodName}`;
      for (const { globs, options } of method.metadata) {
        const handler = (event: FileEvent) =>
          method.method.call(method.instance, event);
        Object.defineProperty(handler, 'name', { value: name });
        this.events.watch(globs, handler, options);
      }
    }
  }

  onApplicationBootstrap(): void {
    this.servers.register(this.events);
  }
}
