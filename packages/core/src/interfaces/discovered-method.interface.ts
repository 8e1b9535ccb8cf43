import type { DiscoveredClass } from './discovered-class.interface';

/**
 * A method carrying a given metadata key, found by `DiscoveryService.getMethodsWithMetadata`.
 *
 * @publicApi
 */
export interface DiscoveredMethod<M> {
  /** The provider or controller that owns the method. */
  readonly host: DiscoveredClass;
  /** The instance the method must be called on. */
  readonly instance: object;
  /** The method's name. */
  readonly methodName: string;
  /** The method itself (call it with `instance` as `this`). */
  readonly method: (...args: unknown[]) => unknown;
  /** The metadata stored under the key. */
  readonly metadata: M;
}
