import type { ModuleMetadata } from './module-metadata.interface';
import type { Type } from './type.interface';

/**
 * A module configured at import time, as returned by `forRoot(options)`.
 *
 * @example
 * ```ts
 * static forRoot(options: Options): DynamicModule {
 *   return { module: ConfigModule, providers: [{ provide: OPTIONS, useValue: options }], exports: [OPTIONS] };
 * }
 * ```
 * @publicApi
 */
export interface DynamicModule extends ModuleMetadata {
  /** The module class this configuration extends. */
  module: Type;
  /** Register the module globally, like `@Global()`. */
  global?: boolean;
}
