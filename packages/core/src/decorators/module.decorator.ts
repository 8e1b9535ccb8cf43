import { MODULE_METADATA, MODULE_METADATA_KEYS } from '../constants';
import { InvalidModuleError } from '../errors/invalid-module.error';
import type { ModuleMetadata } from '../interfaces/module-metadata.interface';

/**
 * Declares a module: the providers it creates, the controllers it hosts, the modules it
 * imports and what it exports to the modules importing it.
 *
 * @example
 * ```ts
 * @Module({ imports: [DatabaseModule], providers: [UsersService], exports: [UsersService] })
 * export class UsersModule {}
 * ```
 * @publicApi
 */
export function Module(metadata: ModuleMetadata = {}): ClassDecorator {
  for (const key of Object.keys(metadata)) {
    if (!(MODULE_METADATA_KEYS as readonly string[]).includes(key)) {
      throw InvalidModuleError.unknownKey(key);
    }
  }
  return target => {
    Reflect.defineMetadata(MODULE_METADATA, metadata, target);
  };
}
Module.KEY = MODULE_METADATA;
