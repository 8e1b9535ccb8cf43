import { Module } from '../decorators/module.decorator';
import type { DynamicModule } from '../interfaces/dynamic-module.interface';
import { ThrottlerGuard } from './throttler.guard';
import { THROTTLER_OPTIONS } from './throttler.constants';
import type {
  ThrottlerModuleOptions,
  ThrottlerOptions,
} from './throttler.interfaces';

/**
 * Rate limits for every transport, `@nestjs/throttler`'s shape: import
 * `ThrottlerModule.forRoot([{ ttl: 60_000, limit: 10 }])` and register the guard
 * (`{ provide: APP_GUARD, useClass: ThrottlerGuard }`). Counters live in the shared-memory
 * pool when `SharedMemoryModule` is imported (limits hold across processes), else in memory.
 *
 * @publicApi
 */
@Module({})
export class ThrottlerModule {
  /**
   * @throws TypeError for a limit without a positive `ttl` and a `limit` of 0 or more
   */
  static forRoot(options: ThrottlerModuleOptions): DynamicModule {
    const throttlers = Array.isArray(options) ? options : options.throttlers;
    throttlers.forEach(assertValid);
    return {
      module: ThrottlerModule,
      global: true,
      providers: [
        { provide: THROTTLER_OPTIONS, useValue: options },
        ThrottlerGuard,
      ],
      exports: [THROTTLER_OPTIONS, ThrottlerGuard],
    };
  }
}

function assertValid(throttler: ThrottlerOptions, index: number): void {
  const { ttl, limit } = throttler;
  if (
    !(Number.isFinite(ttl) && ttl > 0) ||
    !(Number.isInteger(limit) && limit >= 0)
  ) {
    throw new TypeError(
      `ThrottlerModule.forRoot(): limit #${index} needs a ttl in ms above 0 and an integer limit of 0 or more (got ttl ${String(ttl)}, limit ${String(limit)})`,
    );
  }
}
