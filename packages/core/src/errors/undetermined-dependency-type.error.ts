import { CoreError } from './core.error';
import { UNDETERMINED_DEPENDENCY_TYPE_MESSAGE } from './messages';

/**
 * A constructor parameter has no usable emitted type (`Object`, `Function`, a primitive or
 * `undefined`), typically because its class was imported with `import type`.
 *
 * @publicApi
 */
export class UndeterminedDependencyTypeError extends CoreError {
  constructor(
    readonly consumer: string,
    readonly index: number,
    readonly emittedType: string,
  ) {
    super(
      'CORE_UNDETERMINED_DEPENDENCY_TYPE',
      UNDETERMINED_DEPENDENCY_TYPE_MESSAGE(consumer, index, emittedType),
    );
  }
}
