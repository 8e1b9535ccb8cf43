import { OPTIONAL_DEPS_METADATA } from '../constants';
import { extendArrayMetadata } from '../utils/extend-metadata.util';

/**
 * Lets a constructor parameter be `undefined` when no visible module provides it,
 * instead of failing with an unknown-dependency error.
 *
 * @example
 * ```ts
 * constructor(@Optional() @Inject(OPTIONS) private readonly options?: Options) {}
 * ```
 * @publicApi
 */
export function Optional(): ParameterDecorator {
  return (target, propertyKey, index) => {
    if (propertyKey !== undefined) {
      throw new TypeError(
        '@Optional() is only supported on constructor parameters',
      );
    }
    extendArrayMetadata<number>(OPTIONAL_DEPS_METADATA, [index], target);
  };
}
Optional.KEY = OPTIONAL_DEPS_METADATA;
