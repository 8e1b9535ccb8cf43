import { UNSAFE_DIRECTORY_MESSAGE } from './messages';
import { SharedMemoryError } from './shared-memory.error';

/**
 * A pools folder, pool or socket folder that another user could write into: it is refused.
 *
 * @publicApi
 */
export class UnsafeDirectoryError extends SharedMemoryError {
  constructor(
    readonly what: string,
    readonly path: string,
    readonly problem: string,
  ) {
    super(
      'SHM_UNSAFE_DIRECTORY',
      UNSAFE_DIRECTORY_MESSAGE(what, path, problem),
    );
  }
}
