import { extendArrayMetadata, rememberHandler } from '@mvent/core/internal';
import { WATCH_METADATA } from '../constants';
import type { WatchOptions } from '../watch/file-event.interface';

/** One `@Watch()` on a method. */
export interface WatchMetadata {
  globs: string[];
  options: WatchOptions;
}

/**
 * Calls the method with a {@link FileEvent} when a file matching `globs` is added, changed,
 * removed or moved under the SyftBox datasites. Globs may use `{datasite}` (the user's
 * datasite folder), `{email}` and `{app_data}` (this app's folder), and brace globs such as
 * `*.{json,yaml}`; a relative glob matches at any depth under `datasites/`.
 *
 * @example
 * ```ts
 * @Watch('{datasite}/inbox/*.{json,csv}', { events: ['add', 'move'] })
 * onInbox(event: FileEvent) {}
 * ```
 * @publicApi
 */
export function Watch(
  globs: string | string[],
  options: WatchOptions = {},
): MethodDecorator {
  const list = [globs].flat();
  if (
    list.length === 0 ||
    list.some(glob => typeof glob !== 'string' || glob === '')
  ) {
    throw new TypeError('@Watch() needs one or more non-empty globs');
  }
  return (target, key, descriptor) => {
    rememberHandler(
      target,
      key,
      `@Watch(${JSON.stringify(list)})`,
      'SyftEventsModule',
    );
    extendArrayMetadata<WatchMetadata>(
      WATCH_METADATA,
      [{ globs: list, options }],
      descriptor.value as object,
    );
  };
}
Watch.KEY = WATCH_METADATA;
