import type {
  OnApplicationBootstrap,
  OnModuleInit,
  ParameterSpec,
} from '@mvent/core';
import {
  discoverRoutes,
  DiscoveryService,
  GuardRefusedException,
  Inject,
  Injectable,
  PipelineFactory,
  ServerRegistry,
} from '@mvent/core';
import { SYFT_EVENTS_OPTIONS, WATCH_METADATA } from '../constants';
import type { WatchMetadata } from '../decorators/watch.decorator';
import { DtoSchemaBuilder } from '../schema/rpc-schema';
import { SyftEvents } from '../server/syft-events';
import type { FileEvent } from '../watch/file-event.interface';
import type { SyftEventsModuleOptions } from './syft-events-module-options.interface';

/** A `@Watch` method's one argument: the file event, passed to pipes as is. */
const FILE_EVENT_PARAMETER: ParameterSpec = {
  metadata: { type: 'custom' },
  extract: context => context.getArgByIndex(0),
  pipes: [],
};

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
    private readonly pipelines: PipelineFactory,
    @Inject(SYFT_EVENTS_OPTIONS)
    private readonly options: SyftEventsModuleOptions,
  ) {}

  onModuleInit(): void {
    const schemas = new DtoSchemaBuilder();
    const routes = discoverRoutes(
      this.discovery,
      SYFT_TRANSPORT,
      this.pipelines,
      { timeout: this.options.handlerTimeout },
    );
    for (const route of routes) {
      this.events.addRoute(
        route.path,
        {
          invoke: route.invoke,
          name: route.name,
          encryptReply: route.options.encryptReply,
        },
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
      const call = this.pipelines.create(method, {
        type: 'watch',
        parameters: [FILE_EVENT_PARAMETER],
        timeoutMs: this.options.handlerTimeout,
        transport: 'syft',
        trigger: method.metadata.flatMap(({ globs }) => globs).join(' '),
      });
      for (const { globs, options } of method.metadata) {
        const handler = async (event: FileEvent) => {
          try {
            await call([event]);
          } catch (error) {
            if (!(error instanceof GuardRefusedException)) throw error;
          }
        };
        Object.defineProperty(handler, 'name', { value: name });
        this.events.watch(globs, handler, options);
      }
    }
  }

  onApplicationBootstrap(): void {
    this.servers.register(this.events);
  }
}
