import { CoreError } from './core.error';
import { DEPENDENCY_RESOLUTION_MESSAGE } from './messages';

/**
 * Creating a provider failed for a reason of its own (its constructor or factory threw).
 * The original error is the `cause`.
 *
 * @publicApi
 */
export class DependencyResolutionError extends CoreError {
  constructor(
    readonly token: string,
    readonly moduleChain: string[],
    cause: unknown,
  ) {
    super(
      'CORE_DEPENDENCY_RESOLUTION',
      DEPENDENCY_RESOLUTION_MESSAGE(token, moduleChain, cause),
      { cause },
    );
  }
}
