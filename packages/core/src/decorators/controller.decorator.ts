import {
  CONTROLLER_PREFIX_METADATA,
  CONTROLLER_WATERMARK,
  INJECTABLE_WATERMARK,
} from '../constants';
import { rememberClass } from '../discovery/declarations';

/**
 * Marks a class whose decorated methods (`@OnEvent`, `@OnRequest`, `@Watch`) the engines
 * discover. Controllers are created like providers but are not injectable.
 *
 * @param prefix prepended to the paths of the controller's `@OnRequest` routes.
 * @example
 * ```ts
 * @Controller('/math')
 * export class MathController {
 *   @OnRequest('/add') add(@Body() body: AddDto) { return { total: body.a + body.b }; }
 * }
 * ```
 * @publicApi
 */
export function Controller(prefix = ''): ClassDecorator {
  if (typeof prefix !== 'string') {
    throw new TypeError('`prefix` must be a string');
  }
  return (target, context?: unknown) => {
    rememberClass(target, context, '@Controller()');
    Reflect.defineMetadata(CONTROLLER_WATERMARK, true, target);
    Reflect.defineMetadata(INJECTABLE_WATERMARK, true, target);
    Reflect.defineMetadata(CONTROLLER_PREFIX_METADATA, prefix, target);
  };
}
Controller.KEY = CONTROLLER_WATERMARK;
