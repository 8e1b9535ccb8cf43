import type { Abstract, Type } from './type.interface';

/**
 * What a provider is registered under and asked for: a class, a string or a symbol.
 *
 * @publicApi
 */
export type InjectionToken<T = unknown> =
  Type<T> | Abstract<T> | string | symbol;
