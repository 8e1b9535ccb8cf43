import { Module } from '@mvent/core';
import type { DynamicModule } from '@mvent/core';
import { APP_CONFIG } from './config.constants';
import type { AppConfig } from './config.constants';

/** A dynamic module: its provider is built from the options given to forRoot(). */
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      global: true,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }

  static forRootAsync(options: {
    useFactory: () => Promise<AppConfig>;
  }): DynamicModule {
    return {
      module: ConfigModule,
      global: true,
      providers: [{ provide: APP_CONFIG, useFactory: options.useFactory }],
      exports: [APP_CONFIG],
    };
  }
}
