import type { FactoryDependency, ModuleImport } from '@mvent/core';
import type { SyftEventsOptions } from '../interfaces/syft-events-options.interface';

/**
 * Options of `SyftEventsModule.forRoot`.
 *
 * @publicApi
 */
export interface SyftEventsModuleOptions extends SyftEventsOptions {
  /** The app's name: its folder is `<datasite>/app_data/<appName>`. */
  appName: string;
  /**
   * Milliseconds a route handler may take before it answers 504 (a route's own
   * `@OnRequest(path, { timeout })` wins). @default 30 s (`DEFAULT_HANDLER_TIMEOUT_MS`); `0` for none
   */
  handlerTimeout?: number;
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
