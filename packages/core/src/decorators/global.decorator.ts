import { GLOBAL_MODULE_WATERMARK } from '../constants';

/**
 * Makes a module's exports visible to every module without importing it.
 * Use sparingly: configuration and infrastructure modules.
 *
 * @example
 * ```ts
 * @Global()
 * @Module({ providers: [Config], exports: [Config] })
 * export class ConfigModule {}
 * ```
 * @publicApi
 */
export function Global(): ClassDecorator {
  return target => {
    Reflect.defineMetadata(GLOBAL_MODULE_WATERMARK, true, target);
  };
}
Global.KEY = GLOBAL_MODULE_WATERMARK;
