import type { DynamicModule } from '@mvent/core';
import { Module } from '@mvent/core';
import { SharedMemoryModule } from '@mvent/shared-memory';

/** Every process opens the same pool; `MVENT_POOL_DIR` lets tests isolate it. */
@Module({})
export class AppModule {
  static forPool(name: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SharedMemoryModule.forRoot({ name, dir: process.env.MVENT_POOL_DIR }),
      ],
    };
  }
}
