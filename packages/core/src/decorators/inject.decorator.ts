import { SELF_DECLARED_DEPS_METADATA } from '../constants';
import type { InjectionToken } from '../interfaces/injection-token.interface';
import type { ForwardReference } from '../utils/forward-ref.util';
import { isForwardReference } from '../utils/forward-ref.util';
import { isInjectionToken } from '../utils/token-name.util';
import { extendArrayMetadata } from '../utils/extend-metadata.util';

/** One `@Inject(token)` entry on a constructor. */
export interface SelfDeclaredDependency {
  index: number;
  token: InjectionToken | ForwardReference<InjectionToken>;
}

/**
 * Injects the provider registered under `token` into this constructor parameter,
 * instead of the parameter's emitted type. Needed for string and symbol tokens,
 * interfaces and `useValue`/`useFactory` providers.
 *
 * @example
 * ```ts
 * constructor(@Inject(CONFIG) private readonly config: AppConfig) {}
 * ```
 * @publicApi
 */
export function Inject(
  token: InjectionToken | ForwardReference<InjectionToken>,
): ParameterDecorator {
  if (!isInjectionToken(token) && !isForwardReference(token)) {
    throw new TypeError(
      '`token` must be a class, a string, a symbol or forwardRef(() => X); an undefined class usually means two files import each other: use @Inject(forwardRef(() => X))',
    );
  }
  return (target, propertyKey, index) => {
    if (propertyKey !== undefined) {
      throw new TypeError(
        '@Inject() is only supported on constructor parameters',
      );
    }
    extendArrayMetadata<SelfDeclaredDependency>(
      SELF_DECLARED_DEPS_METADATA,
      [{ index, token }],
      target,
    );
  };
}
Inject.KEY = SELF_DECLARED_DEPS_METADATA;
