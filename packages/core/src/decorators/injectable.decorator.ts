import { INJECTABLE_WATERMARK, SCOPE_OPTIONS_METADATA } from '../constants';
import { rememberClass } from '../discovery/declarations';
import type { InjectableOptions } from '../interfaces/scope.interface';

/**
 * Marks a class as a provider that the container can create and inject.
 *
 * @param options `scope`: `Scope.TRANSIENT` gives each consumer its own instance.
 * @example
 * ```ts
 * @Injectable()
 * export class UsersService {
 *   constructor(private readonly repository: UsersRepository) {}
 * }
 * ```
 * @publicApi
 */
export function Injectable(options: InjectableOptions = {}): ClassDecorator {
  return (target, context?: unknown) => {
    rememberClass(target, context, '@Injectable()');
    Reflect.defineMetadata(INJECTABLE_WATERMARK, true, target);
    Reflect.defineMetadata(SCOPE_OPTIONS_METADATA, options, target);
  };
}
Injectable.KEY = INJECTABLE_WATERMARK;
