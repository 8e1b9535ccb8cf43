import type { InjectionToken } from './injection-token.interface';
import type { Type } from './type.interface';

/**
 * A provider or controller as the `DiscoveryService` reports it to engines.
 *
 * @publicApi
 */
export interface DiscoveredClass {
  /** The token it is registered under. */
  readonly token: InjectionToken;
  /** A readable name for logs: the class name or the token. */
  readonly name: string;
  /** The class that was constructed, when there is one (not for values, factories or aliases). */
  readonly metatype: Type | undefined;
  /** The singleton instance; `undefined` for transient providers. */
  readonly instance: unknown;
  /** `true` for `useExisting` aliases, which engines must skip to avoid double binding. */
  readonly isAlias: boolean;
  /** `true` for controllers. */
  readonly isController: boolean;
  /** The name of the module that declares it. */
  readonly moduleName: string;
}
