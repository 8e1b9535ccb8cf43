import { Module } from '@mvent/core';
import type { DynamicModule } from '@mvent/core';
import { SharedMemoryModule } from '@mvent/shared-memory';
import { OrdersController } from './orders.controller';

/** Every process of the sample opens the same pool; `MVENT_POOL_DIR` lets tests isolate it. */
@Module({})
export class AppModule {
  static forPool(name: string, withConsumer: boolean): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SharedMemoryModule.forRoot({ name, dir: process.env.MVENT_POOL_DIR }),
      ],
      controllers: withConsumer ? [OrdersController] : [],
    };
  }
}
