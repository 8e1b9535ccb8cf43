import { Module } from '@mvent/core';
import { LifecycleLog } from '../lifecycle-log';
import { GreetingService } from './greeting.service';

/** Provides the greeting service to the modules that import it. */
@Module({
  providers: [GreetingService, LifecycleLog],
  exports: [GreetingService, LifecycleLog],
})
export class GreetingModule {}
