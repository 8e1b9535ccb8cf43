import type {
  FactoryDependency,
  ModuleImport,
  ValidationPipeOptions,
} from '@mvent/core';
import type { SyftEventsOptions } from '../interfaces/syft-events-options.interface';

/**
 * Options of `SyftEventsModule.forRoot`.
 *
 * @publicApi
 */
export interface SyftEventsModuleOptions extends SyftEventsOptions {
  /** The app's name: its folder is `<datasite>/app_data/<appName>`. */
  appName: string;
  /** How `@Body()` DTOs are validated. @default { transform: true } */
  validation?: ValidationPipeOptions;
}

/**
 * Options of `SyftEventsModule.forRootAsync`.
 *
 * @publicApi
 */
export interface SyftEventsModuleAsyncOptions {
  imports?: ModuleImport[];
  inject?: FactoryDependency[];
  useFactory: (
    ...args: any[]
  ) => SyftEventsModuleOptions | Promise<SyftEventsModuleOptions>;
  /** Register the module globally. @default false */
  global?: boolean;
}
