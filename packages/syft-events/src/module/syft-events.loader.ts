import type {
  DiscoveredMethod,
  OnApplicationBootstrap,
  OnModuleInit,
  OnRequestMetadata,
} from '@mvent/core';
import {
  CONTROLLER_PREFIX_METADATA,
  createRouteInvoker,
  describeRouteParameters,
  DiscoveryService,
  Inject,
  Injectable,
  ON_REQUEST_METADATA,
  RETURNTYPE_METADATA,
  RoutePath,
  ServerRegistry,
  ValidationPipe,
} from '@mvent/core';
import type { WatchMetadata } from '../decorators/watch.decorator';
import { WATCH_METADATA, SYFT_EVENTS_OPTIONS } from '../constants';
import type { SyftEventsModuleOptions } from './syft-events-module-options.interface';
import { DtoSchemaBuilder } from '../schema/rpc-schema';
import type { FileEvent } from '../watch/file-event.interface';
import { SyftEvents } from '../server/syft-events';

/**
 * Binds every `@OnRequest` and `@Watch` method of the application to the {@link SyftEvents}
 * server at bootstrap, and registers the server so that `app.listen()` starts it and
 * `app.close()` stops it.
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
    for (const method of this.discovery.getMethodsWithMetadata<
      OnRequestMetadata[]
    >(ON_REQUEST_METADATA)) {
      const name = nameOf(method);
      const parameters = describeRouteParameters(
        method.instance,
        method.methodName,
      );
      const invoke = createRouteInvoker(
        method.instance,
        method.methodName,
        pipe,
      );
      for (const { path, options } of method.metadata) {
        const returns =
          options.returns ??
          (Reflect.getMetadata(
            RETURNTYPE_METADATA,
            method.instance,
            method.methodName,
          ) as unknown);
        this.events.addRoute(
          RoutePath.join(prefixOf(method), path),
          { invoke, name },
          schemas.routeOf(parameters, returns, options.description),
        );
      }
    }
    for (const method of this.discovery.getMethodsWithMetadata<WatchMetadata[]>(
      WATCH_METADATA,
    )) {
      for (const { globs, options } of method.metadata) {
        const handler = (event: FileEvent) =>
          method.method.call(method.instance, event);
        Object.defineProperty(handler, 'name', { value: nameOf(method) });
        this.events.watch(globs, handler, options);
      }
    }
  }

  onApplicationBootstrap(): void {
    this.servers.register(this.events);
  }
}

function nameOf(method: DiscoveredMethod<unknown>): string {
  return `${method.instance.constructor.name}.${method.methodName}`;
}

function prefixOf(method: DiscoveredMethod<unknown>): string {
  const prefix = method.host.isController
    ? (Reflect.getMetadata(
        CONTROLLER_PREFIX_METADATA,
        method.host.metatype!,
      ) as string | undefined)
    : undefined;
  return prefix ?? '';
}
