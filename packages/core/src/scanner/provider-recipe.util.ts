import { SCOPE_OPTIONS_METADATA } from '../constants';
import { InvalidProviderError } from '../errors/invalid-provider.error';
import type { ProviderRecipe } from '../injector/instance-wrapper';
import type { InjectionToken } from '../interfaces/injection-token.interface';
import type { Provider } from '../interfaces/provider.interface';
import type { InjectableOptions } from '../interfaces/scope.interface';
import { Scope } from '../interfaces/scope.interface';
import type { Type } from '../interfaces/type.interface';
import { isInjectionToken } from '../utils/token-name.util';

/** A provider definition reduced to its token, recipe and scope. */
export interface NormalizedProvider {
  token: InjectionToken;
  recipe: ProviderRecipe;
  scope: Scope;
}

/** The token a `providers` entry registers, or `undefined` when the entry is malformed. */
export function providerToken(provider: Provider): InjectionToken | undefined {
  if (typeof provider === 'function') {
    return provider;
  }
  if (
    typeof provider === 'object' &&
    provider !== null &&
    'provide' in provider
  ) {
    return isInjectionToken(provider.provide) ? provider.provide : undefined;
  }
  return undefined;
}

/**
 * Reduces a `providers` entry to a recipe. `override` (from the testing module)
 * replaces how the provider is built but keeps its token.
 */
export function normalizeProvider(
  provider: Provider,
  moduleName: string,
  override?: Provider,
): NormalizedProvider {
  const token = providerToken(provider);
  if (token === undefined) {
    throw InvalidProviderError.malformed(provider, moduleName);
  }
  const source = override ?? provider;
  if (typeof source === 'function') {
    return {
      token,
      recipe: { kind: 'class', metatype: source },
      scope: classScope(source),
    };
  }
  if ('useValue' in source) {
    return {
      token,
      recipe: { kind: 'value', value: source.useValue },
      scope: Scope.DEFAULT,
    };
  }
  if ('useClass' in source && typeof source.useClass === 'function') {
    return {
      token,
      recipe: { kind: 'class', metatype: source.useClass },
      scope: source.scope ?? classScope(source.useClass),
    };
  }
  if ('useFactory' in source && typeof source.useFactory === 'function') {
    return {
      token,
      recipe: {
        kind: 'factory',
        factory: source.useFactory as (...args: unknown[]) => unknown,
        inject: source.inject ?? [],
      },
      scope: source.scope ?? Scope.DEFAULT,
    };
  }
  if ('useExisting' in source && isInjectionToken(source.useExisting)) {
    return {
      token,
      recipe: { kind: 'existing', target: source.useExisting },
      scope: Scope.DEFAULT,
    };
  }
  throw InvalidProviderError.malformed(provider, moduleName);
}

function classScope(metatype: Type): Scope {
  const options = Reflect.getMetadata(SCOPE_OPTIONS_METADATA, metatype) as
    InjectableOptions | undefined;
  return options?.scope ?? Scope.DEFAULT;
}
