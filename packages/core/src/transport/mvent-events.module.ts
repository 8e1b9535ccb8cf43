import { Module } from '../decorators/module.decorator';
import { DiscoveryModule } from '../discovery/discovery.module';
import type { DynamicModule } from '../interfaces/dynamic-module.interface';
import {
  MVENT_EVENTS_OPTIONS,
  MVENT_TRANSPORT,
} from './mvent-events.constants';
import { MventEventsClient } from './mvent-events-client';
import type { MventEventsModuleOptions } from './mvent-events-options.interface';
import { TransportEventsLoader } from './transport-events.loader';

/**
 * Runs the application's `@OnEvent` and `@OnRequest` handlers on one transport, chosen by
 * one option: `natsTransport()` or `redisTransport()` from `@mvent/microservices`, or
 * `sharedMemoryTransport()` from `@mvent/shared-memory`. Handlers, DTOs, guards and
 * interceptors do not change with the transport. Global: inject {@link MventEventsClient}
 * anywhere.
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [MventEventsModule.forRoot({ transport: natsTransport({ servers: 'nats://127.0.0.1:4222' }) })],
 *   controllers: [OrdersController],
 * })
 * export class AppModule {}
 * ```
 * @publicApi
 */
@Module({})
export class MventEventsModule {
  /** @throws TypeError when `transport` is missing */
  static forRoot(options: MventEventsModuleOptions): DynamicModule {
    if (typeof options?.transport?.connect !== 'function') {
      throw new TypeError(
        'MventEventsModule.forRoot() needs a `transport`, such as natsTransport({ servers }) from @mvent/microservices.',
      );
    }
    return {
      module: MventEventsModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [
        { provide: MVENT_EVENTS_OPTIONS, useValue: options },
        { provide: MVENT_TRANSPORT, useValue: options.transport },
        MventEventsClient,
        TransportEventsLoader,
      ],
      exports: [MVENT_TRANSPORT, MventEventsClient],
    };
  }
}
