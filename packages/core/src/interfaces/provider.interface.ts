import type { InjectionToken } from './injection-token.interface';
import type { Scope } from './scope.interface';
import type { Type } from './type.interface';

/**
 * A dependency of a factory: a token, or `{ token, optional: true }` to get
 * `undefined` when nothing provides it.
 *
 * @publicApi
 */
export type FactoryDependency =
  InjectionToken | { token: InjectionToken; optional: boolean };

/** `{ provide, useClass }`: construct `useClass` for `provide`. @publicApi */
export interface ClassProvider<T = unknown> {
  provide: InjectionToken<T>;
  useClass: Type<T>;
  /** @default the class's own `@Injectable({ scope })`, else Scope.DEFAULT */
  scope?: Scope;
}

/** `{ provide, useValue }`: `provide` resolves to `useValue` as is. @publicApi */
export interface ValueProvider<T = unknown> {
  provide: InjectionToken<T>;
  useValue: T;
}

/**
 * `{ provide, useFactory, inject }`: the factory's (possibly awaited) result.
 * `inject` lists the tokens passed to the factory, in order.
 *
 * @publicApi
 */
export interface FactoryProvider<T = unknown> {
  provide: InjectionToken<T>;
  useFactory: (...args: any[]) => T | Promise<T>;
  inject?: FactoryDependency[];
  /** @default Scope.DEFAULT */
  scope?: Scope;
}

/** `{ provide, useExisting }`: an alias of another token. @publicApi */
export interface ExistingProvider<T = unknown> {
  provide: InjectionToken<T>;
  useExisting: InjectionToken<T>;
}

/**
 * Anything a module's `providers` array accepts.
 *
 * @publicApi
 */
export type Provider<T = any> =
  | Type<T>
  | ClassProvider<T>
  | ValueProvider<T>
  | FactoryProvider<T>
  | ExistingProvider<T>;
