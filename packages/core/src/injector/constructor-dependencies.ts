import {
  INJECTABLE_WATERMARK,
  OPTIONAL_DEPS_METADATA,
  PARAMTYPES_METADATA,
  SELF_DECLARED_DEPS_METADATA,
} from '../constants';
import { declarationOf } from '../discovery/declarations';
import type { SelfDeclaredDependency } from '../decorators/inject.decorator';
import { MissingDecoratorMetadataError } from '../errors/compiler-settings.error';
import { UndeterminedDependencyTypeError } from '../errors/undetermined-dependency-type.error';
import type { InjectionToken } from '../interfaces/injection-token.interface';
import type { Type } from '../interfaces/type.interface';
import { isForwardReference } from '../utils/forward-ref.util';
import { isInjectionToken } from '../utils/token-name.util';

/** One constructor parameter to inject. */
export interface Dependency {
  token: InjectionToken;
  optional: boolean;
}

/**
 * Emitted types that cannot be a real dependency: what TypeScript writes for interfaces,
 * unions and `import type` (Object), for function types (Function), or for a class
 * not yet defined because two files import each other (undefined).
 */
const UNDETERMINED_TYPES = new Set<unknown>([
  Object,
  Function,
  String,
  Number,
  Boolean,
  Array,
  Promise,
  Symbol,
  undefined,
]);

/**
 * Reads the constructor parameters of `metatype` from its emitted types, `@Inject()`
 * overrides and `@Optional()` marks, and rejects parameters whose token cannot be known.
 */
export function getConstructorDependencies(metatype: Type): Dependency[] {
  const declared = (Reflect.getMetadata(
    SELF_DECLARED_DEPS_METADATA,
    metatype,
  ) ?? []) as SelfDeclaredDependency[];
  const optional = (Reflect.getMetadata(OPTIONAL_DEPS_METADATA, metatype) ??
    []) as number[];

  // Without emitted types (no emitDecoratorMetadata), parameters all named by @Inject() still work.
  const emitted =
    (Reflect.getMetadata(PARAMTYPES_METADATA, metatype) as
      unknown[] | undefined) ??
    (declared.length >= metatype.length && metatype.length > 0
      ? new Array<unknown>(metatype.length).fill(undefined)
      : undefined);
  if (!emitted) {
    if (
      metatype.length > 0 &&
      Reflect.getMetadata(INJECTABLE_WATERMARK, metatype)
    ) {
      // Decorated, yet no types: compiled without emitDecoratorMetadata.
      throw new MissingDecoratorMetadataError(
        metatype.name,
        declarationOf(metatype)?.file,
      );
    }
    if (metatype.length > 0) {
      throw new UndeterminedDependencyTypeError(
        metatype.name,
        0,
        'nothing (the class has no decorator, so no parameter types were emitted; add @Injectable())',
      );
    }
    return [];
  }
  return emitted.map((type, index) => {
    const override = declared.find(entry => entry.index === index);
    const token = override
      ? resolveForwardReference(metatype.name, index, override.token)
      : type;
    if (!override && UNDETERMINED_TYPES.has(type)) {
      throw new UndeterminedDependencyTypeError(
        metatype.name,
        index,
        type === undefined ? 'undefined' : (type as Type).name,
      );
    }
    return {
      token: token as InjectionToken,
      optional: optional.includes(index),
    };
  });
}

function resolveForwardReference(
  consumer: string,
  index: number,
  token: SelfDeclaredDependency['token'],
): InjectionToken {
  if (!isForwardReference(token)) {
    return token;
  }
  const resolved = token.forwardRef();
  if (!isInjectionToken(resolved)) {
    throw new UndeterminedDependencyTypeError(
      consumer,
      index,
      `forwardRef(() => ${String(resolved)})`,
    );
  }
  return resolved;
}
