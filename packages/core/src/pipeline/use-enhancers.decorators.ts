import {
  CATCH_METADATA,
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  INTERCEPTORS_METADATA,
  PIPES_METADATA,
} from '../constants';
import type { Type } from '../interfaces/type.interface';
import { extendArrayMetadata } from '../utils/extend-metadata.util';
import type {
  CanActivate,
  ExceptionFilter,
  NestInterceptor,
  PipeTransform,
} from './enhancer.interfaces';

/**
 * A guard, interceptor, pipe or filter as decorators take it: a class (created through DI
 * in the controller's module) or an instance.
 *
 * @publicApi
 */
export type Enhancer<T> = Type<T> | T;

/**
 * @throws TypeError for an argument that is neither a class nor an object with `method`
 *   (`undefined` usually comes from a circular import)
 */
export function assertEnhancers(
  caller: string,
  method: string,
  enhancers: unknown[],
): void {
  for (const [index, enhancer] of enhancers.entries()) {
    const isClass = typeof enhancer === 'function';
    const isInstance =
      typeof enhancer === 'object' &&
      enhancer !== null &&
      typeof (enhancer as Record<string, unknown>)[method] === 'function';
    if (!isClass && !isInstance) {
      throw new TypeError(
        `${caller} argument ${index} is ${enhancer === undefined ? 'undefined (usually two files importing each other: move the class to its own file)' : `not a class or an object with ${method}()`}`,
      );
    }
  }
}

function enhancerDecorator(
  key: string,
  decorator: string,
  method: string,
  enhancers: unknown[],
): ClassDecorator & MethodDecorator {
  assertEnhancers(`@${decorator}()`, method, enhancers);
  return (
    target: object,
    _key?: string | symbol,
    descriptor?: PropertyDescriptor,
  ) => {
    extendArrayMetadata(
      key,
      enhancers,
      descriptor ? (descriptor.value as object) : target,
    );
  };
}

/**
 * Runs guards before the handlers of a controller or one handler. @publicApi
 *
 * @example
 * ```ts
 * @UseGuards(AuthGuard)
 * @Controller()
 * class AccountController {}
 * ```
 */
export function UseGuards(
  ...guards: Enhancer<CanActivate>[]
): ClassDecorator & MethodDecorator {
  return enhancerDecorator(GUARDS_METADATA, 'UseGuards', 'canActivate', guards);
}

/** Wraps the handlers of a controller, or one handler, in interceptors. @publicApi */
export function UseInterceptors(
  ...interceptors: Enhancer<NestInterceptor>[]
): ClassDecorator & MethodDecorator {
  return enhancerDecorator(
    INTERCEPTORS_METADATA,
    'UseInterceptors',
    'intercept',
    interceptors,
  );
}

/** Runs pipes on every argument of a controller's handlers, or of one handler. @publicApi */
export function UsePipes(
  ...pipes: Enhancer<PipeTransform>[]
): ClassDecorator & MethodDecorator {
  return enhancerDecorator(PIPES_METADATA, 'UsePipes', 'transform', pipes);
}

/** Lets exception filters handle the errors of a controller's handlers, or one's. @publicApi */
export function UseFilters(
  ...filters: Enhancer<ExceptionFilter>[]
): ClassDecorator & MethodDecorator {
  return enhancerDecorator(
    EXCEPTION_FILTERS_METADATA,
    'UseFilters',
    'catch',
    filters,
  );
}

/**
 * Declares what an exception filter handles: errors that are instances of one of `types`,
 * or, with no arguments, every error.
 *
 * @example
 * ```ts
 * @Catch(NotFoundException)
 * class NotFoundFilter implements ExceptionFilter { catch() { return new Response('gone', 410); } }
 * ```
 * @publicApi
 */
export function Catch(...types: Type<unknown>[]): ClassDecorator {
  if (types.some(type => typeof type !== 'function')) {
    throw new TypeError('@Catch() takes exception classes');
  }
  return target => {
    Reflect.defineMetadata(CATCH_METADATA, types, target);
  };
}
