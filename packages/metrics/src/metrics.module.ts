import type { DynamicModule } from '@mvent/core';
import { Module } from '@mvent/core';
import { METRICS_OPTIONS } from './metrics.constants';
import type { MetricsModuleOptions } from './metrics-module-options.interface';
import { MetricsService } from './metrics.service';

/**
 * Prometheus metrics for the application: import it beside `SharedMemoryModule.forRoot()`
 * and scrape `http://127.0.0.1:9464/metrics`. Every RPC call of every transport is counted.
 *
 * @example
 * ```ts
 * @Module({ imports: [SharedMemoryModule.forRoot({ name: 'orders' }), MetricsModule.forRoot({ port: 9464 })] })
 * class AppModule {}
 * ```
 * @publicApi
 */
@Module({})
export class MetricsModule {
  static forRoot(options: MetricsModuleOptions = {}): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      providers: [
        { provide: METRICS_OPTIONS, useValue: options },
        MetricsService,
      ],
      exports: [MetricsService],
    };
  }
}
