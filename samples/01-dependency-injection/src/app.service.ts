import { Injectable } from '@mvent/core';
import type { OnModuleDestroy, OnModuleInit } from '@mvent/core';
import { GreetingService } from './greeting/greeting.service';
import { LifecycleLog } from './lifecycle-log';

/** The root module's service: it uses the greeting service from an imported module. */
@Injectable()
export class AppService implements OnModuleInit, OnModuleDestroy {
  constructor(
    private readonly greeting: GreetingService,
    private readonly log: LifecycleLog,
  ) {}

  welcome(names: string[]): string[] {
    return names.map(name => this.greeting.greet(name));
  }

  onModuleInit(): void {
    this.log.record('AppService.onModuleInit');
  }
  onModuleDestroy(): void {
    this.log.record('AppService.onModuleDestroy');
  }
}
