import { CoreError } from './core.error';
import { UNKNOWN_DEPENDENCY_MESSAGE } from './messages';

/**
 * A constructor or factory asked for a token that no visible module provides.
 *
 * @publicApi
 */
export class UnknownDependencyError extends CoreError {
  constructor(
    readonly dependency: unknown,
    readonly index: number,
    readonly consumer: string,
    readonly parameterNames: string[],
    readonly moduleChain: string[],
  ) {
    super(
      'CORE_UNKNOWN_DEPENDENCY',
      UNKNOWN_DEPENDENCY_MESSAGE(
        dependency,
        index,
        consumer,
        parameterNames,
        moduleChain,
      ),
    );
  }
}
