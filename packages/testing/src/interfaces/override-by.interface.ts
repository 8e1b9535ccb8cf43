import type { FactoryDependency, Type } from '@mvent/core';
import type { TestingModuleBuilder } from '../testing-module.builder';

/**
 * How an overridden provider is built instead, returned by `overrideProvider(token)`.
 *
 * @publicApi
 */
export interface OverrideBy {
  /** Resolve the token to `value`. */
  useValue(value: unknown): TestingModuleBuilder;
  /** Construct `metatype` for the token. */
  useClass(metatype: Type): TestingModuleBuilder;
  /** Call `factory` with the `inject` tokens for the token (may be async). */
  useFactory(options: {
    factory: (...args: any[]) => unknown;
    inject?: FactoryDependency[];
  }): TestingModuleBuilder;
}
