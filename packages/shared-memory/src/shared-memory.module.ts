import type {
  DynamicModule,
  FactoryDependency,
  ModuleImport,
  Provider,
} from '@mvent/core';
import { DiscoveryModule, Module, THROTTLER_STORAGE } from '@mvent/core';
import { SHARED_MEMORY_OPTIONS } from './constants';
import { MemoryEventBus } from './event-bus/memory-event-bus';
import { SharedEventsLoader } from './explorer/shared-events.loader';
import { SharedEventsReadinessWatcher } from './explorer/shared-events-readiness.watcher';
import type { SharedMemoryOptions } from './interfaces/shared-memory-options.interface';
import { SharedMemoryPool } from './pool/shared-memory-pool';
import { SharedRooms } from './rooms/shared-rooms';
import { MemoryRpcClient } from './rpc/memory-rpc-client';
import { MemoryRpcServer } from './rpc/memory-rpc-server';
import { MemoryRpcLoader } from './rpc/memory-rpc.loader';
import { GraphPublisher } from './monitoring/graph-publisher';
import { RpcCallRecorder } from './monitoring/rpc-call-recorder';
import { SharedStreams } from './streams/shared-streams';
import { SharedMemoryThrottlerStorage } from './throttler/shared-memory-throttler.storage';

/**
 * Options of {@link SharedMemoryModule.forRootAsync}.
 *
 * @publicApi
 */
export interface SharedMemoryModuleAsyncOptions {
  imports?: ModuleImport[];
  inject?: FactoryDependency[];
  useFactory: (
    ...args: any[]
  ) => SharedMemoryOptions | Promise<SharedMemoryOptions>;
  /** Register the module globally. @default false */
  global?: boolean;
}

/**
 * The shared-memory engine: a pool and an event bus shared by every process that opens the
 * same pool name, and `@OnEvent` handlers bound at bootstrap. Closing the application
 * unbinds the handlers and closes the bus and the pool.
 *
 * @example
 * ```ts
 * @Module({ imports: [SharedMemoryModule.forRoot({ name: 'orders' })], controllers: [OrdersController] })
 * export class AppModule {}
 * ```
 * @publicApi
 */
@Module({})
export class SharedMemoryModule {
  /** Opens the pool described by `options`. */
  static forRoot(
    options: SharedMemoryOptions & { global?: boolean },
  ): DynamicModule {
    return SharedMemoryModule.create(
      { provide: SHARED_MEMORY_OPTIONS, useValue: options },
      [],
      options.global,
    );
  }

  /** Opens the pool described by the options `useFactory` returns (it may be async). */
  static forRootAsync(options: SharedMemoryModuleAsyncOptions): DynamicModule {
    return SharedMemoryModule.create(
      {
        provide: SHARED_MEMORY_OPTIONS,
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
      module: SharedMemoryModule,
      global,
      imports: [DiscoveryModule, ...imports],
      // Shutdown hooks run in this order: handlers unbound, bus closed, then the pool.
      providers: [
        optionsProvider,
        SharedEventsReadinessWatcher,
        SharedEventsLoader,
        MemoryRpcLoader,
        RpcCallRecorder,
        GraphPublisher,
        {
          provide: MemoryRpcServer,
          useFactory: (bus: MemoryEventBus, o: SharedMemoryOptions) =>
            new MemoryRpcServer(bus, { debug: o.debug }),
          inject: [MemoryEventBus, SHARED_MEMORY_OPTIONS],
        },
        {
          provide: MemoryRpcClient,
          useFactory: (bus: MemoryEventBus, localServer: MemoryRpcServer) =>
            new MemoryRpcClient(bus, { localServer }),
          inject: [MemoryEventBus, MemoryRpcServer],
        },
        {
          provide: SharedStreams,
          useFactory: (bus: MemoryEventBus) => new SharedStreams(bus),
          inject: [MemoryEventBus],
        },
        {
          provide: SharedRooms,
          useFactory: (bus: MemoryEventBus, pool: SharedMemoryPool) =>
            new SharedRooms(bus, pool),
          inject: [MemoryEventBus, SharedMemoryPool],
        },
        {
          provide: MemoryEventBus,
          useFactory: (pool: SharedMemoryPool) => new MemoryEventBus(pool),
          inject: [SharedMemoryPool],
        },
        {
          provide: SharedMemoryPool,
          useFactory: (o: SharedMemoryOptions) => new SharedMemoryPool(o),
          inject: [SHARED_MEMORY_OPTIONS],
        },
        {
          provide: THROTTLER_STORAGE,
          useFactory: (pool: SharedMemoryPool) =>
            new SharedMemoryThrottlerStorage(pool),
          inject: [SharedMemoryPool],
        },
      ],
      exports: [
        SharedMemoryPool,
        MemoryEventBus,
        SharedEventsReadinessWatcher,
        MemoryRpcServer,
        MemoryRpcClient,
        SharedStreams,
        SharedRooms,
        THROTTLER_STORAGE,
      ],
    };
  }
}
