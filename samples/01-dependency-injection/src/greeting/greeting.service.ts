import { Inject, Injectable } from '@mvent/core';
import type {
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
} from '@mvent/core';
import { APP_CONFIG } from '../config/config.constants';
import type { AppConfig } from '../config/config.constants';
import { LifecycleLog } from '../lifecycle-log';

/** Builds greetings from the injected configuration, and logs its lifecycle. */
@Injectable()
export class GreetingService
  implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown
{
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly log: LifecycleLog,
  ) {}

  greet(name: string): string {
    return `${this.config.greeting}, ${name}${this.config.punctuation}`;
  }

  onModuleInit(): void {
    this.log.record('GreetingService.onModuleInit');
  }
  onApplicationBootstrap(): void {
    this.log.record('GreetingService.onApplicationBootstrap');
  }
  onApplicationShutdown(signal?: string): void {
    this.log.record(
      `GreetingService.onApplicationShutdown(${signal ?? 'close'})`,
    );
  }
}
