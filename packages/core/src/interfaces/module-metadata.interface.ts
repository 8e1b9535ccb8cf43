import type { ForwardReference } from '../utils/forward-ref.util';
import type { DynamicModule } from './dynamic-module.interface';
import type { InjectionToken } from './injection-token.interface';
import type { Provider } from './provider.interface';
import type { Type } from './type.interface';

/** A module as it may appear in `imports`: a class, a dynamic module, or a promise of one. @publicApi */
export type ModuleImport =
  | Type
  | DynamicModule
  | Promise<DynamicModule>
  | ForwardReference<Type | DynamicModule>;

/** What a module may export: a token it provides, a provider object, or an imported module. @publicApi */
export type ModuleExport = InjectionToken | Provider | DynamicModule;

/**
 * The description passed to `@Module()`.
 *
 * @publicApi
 */
export interface ModuleMetadata {
  /** Modules whose exported providers this module uses. */
  imports?: ModuleImport[];
  /** Providers created by this module and visible inside it. */
  providers?: Provider[];
  /** Controllers: classes whose decorated methods the engines discover. */
  controllers?: Type[];
  /** The subset of providers (or re-exported modules) visible to importing modules. */
  exports?: ModuleExport[];
}
