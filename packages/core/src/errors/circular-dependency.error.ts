import { CoreError } from './core.error';
import { CIRCULAR_DEPENDENCY_MESSAGE } from './messages';

/**
 * Providers depend on each other in a cycle; `cycle` lists it, first element repeated last.
 *
 * @publicApi
 */
export class CircularDependencyError extends CoreError {
  constructor(readonly cycle: string[]) {
    super('CORE_CIRCULAR_DEPENDENCY', CIRCULAR_DEPENDENCY_MESSAGE(cycle));
  }
}
