import type { DynamicModule } from '@mvent/core';
import { Module } from '@mvent/core';
import { SharedMemoryModule } from '@mvent/shared-memory';
import { ShopController } from './shop.controller';

/** Both processes open the same pool; `MVENT_POOL_DIR` lets tests isolate it. */
@Module({})
export class AppModule {
  /** `serve`: this process serves the shop's routes over shared memory (`rpc: true`). */
  static forPool(name: string, serve: boolean): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SharedMemoryModule.forRoot({
          name,
          dir: process.env.MVENT_POOL_DIR,
          rpc: serve,
        }),
      ],
      controllers: serve ? [ShopController] : [],
    };
  }
}
