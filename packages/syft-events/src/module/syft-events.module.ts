import type { DynamicModule, ModuleImport, Provider } from '@mvent/core';
import { DiscoveryModule, Module } from '@mvent/core';
import { SyftRpcClient } from '../client/syft-rpc-client';
import { SYFT_EVENTS_OPTIONS } from '../constants';
import { SyftEvents } from '../server/syft-events';
import type {
  SyftEventsModuleAsyncOptions,
  SyftEventsModuleOptions,
} from './syft-events-module-options.interface';
import { SyftEventsLoader } from './syft-events.loader';

/**
 * The SyftBox engine: serves the application's `@OnRequest` routes as a SyftBox app and runs
 * its `@Watch` methods, once `app.listen()` is called. Injects {@link SyftEvents} and the
 * {@link SyftRpcClient} (on the same SyftBox).
 *
 * @example
 * ```ts
 * @Module({ imports: [SyftEventsModule.forRoot({ appName: 'demo' })], controllers: [MathController] })
 * export class AppModule {}
 * ```
 * @publicApi
 */
@Module({})
export class SyftEventsModule {
  /** Serves the app described by `options`. */
  static forRoot(
    options: SyftEventsModuleOptions & { global?: boolean },
  ): DynamicModule {
    return SyftEventsModule.create(
      { provide: SYFT_EVENTS_OPTIONS, useValue: options },
      [],
      options.global,
    );
  }

  /** Serves the app described by the options `useFactory` returns (it may be async). */
  static forRootAsync(options: SyftEventsModuleAsyncOptions): DynamicModule {
    return SyftEventsModule.create(
      {
        provide: SYFT_EVENTS_OPTIONS,
        useFactory: options.useFactory,
        inject: options.inject,
      },
      options.imports ?? [],
      options.global,
    );
  }

  private static create(
    optionsProvider: Provider,
    imports: ModuleImport[],
    global = false,
  ): DynamicModule {
    return {
      module: SyftEventsModule,
      global,
      imports: [DiscoveryModule, ...imports],
      providers: [
        optionsProvider,
        SyftEventsLoader,
        {
          provide: SyftEvents,
          useFactory: (o: SyftEventsModuleOptions) =>
            new SyftEvents(o.appName, o),
          inject: [SYFT_EVENTS_OPTIONS],
        },
        {
          provide: SyftRpcClient,
          useFactory: (events: SyftEvents) =>
            new SyftRpcClient({ config: events.config }),
          inject: [SyftEvents],
        },
      ],
      exports: [SyftEvents, SyftRpcClient],
    };
  }
}
